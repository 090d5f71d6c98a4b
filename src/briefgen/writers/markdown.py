"""The Markdown edition: the rendered brief as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.templating.rendered import Rendered
    from briefgen.writers.registry import Tools


def write(rendered: Rendered, markdown: str, tools: Tools) -> bytes:
    """The brief's Markdown, in UTF-8."""
    return markdown.encode("utf-8")
