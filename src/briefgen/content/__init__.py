"""Content: loading and validating the fact base, sources, briefing specs and settings (YAML in, checked records out)."""
