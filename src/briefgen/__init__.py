"""briefgen: sourced policy briefs from a YAML fact base, per audience, as Markdown and PDF."""

__version__ = "0.1.0"
