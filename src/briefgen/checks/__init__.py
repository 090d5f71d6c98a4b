"""Checks on what the reader will see: quality gates, accessibility, the marking guard."""
