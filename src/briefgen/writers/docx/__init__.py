"""The Word edition: python-docx driven from markdown-it's token stream, with the house or a department's styles."""
