"""Writers: a rendered brief's Markdown to each format readers get (Markdown, HTML, PDF, text, Word)."""
