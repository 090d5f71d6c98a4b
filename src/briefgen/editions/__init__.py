"""Editions: the dated record of what each reader received, and what changed between editions."""
