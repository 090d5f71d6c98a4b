"""Rendering: templates to Markdown in a sandbox, then HTML and PDF, with accessibility and quality measures."""
