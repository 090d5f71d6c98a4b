"""briefgen: sourced policy briefs from a YAML fact base, per audience, as Markdown, HTML, PDF, text and Word."""

__version__ = "0.1.0"
