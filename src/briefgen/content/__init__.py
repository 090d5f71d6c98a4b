"""Content: the fact base, sources, briefing specs and settings, loaded from YAML and validated."""
