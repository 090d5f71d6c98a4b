"""The team's own words in a template: ``{% call ours("recommendation") %}...{% endcall %}``.

A brief's prose either prints facts, cites them, or is the team's own: a recommendation, a line to
take, what we ask, an action, a proposed answer, our framing. The ``ours`` call block renders its
body unchanged and records it, so the uncited-claim check (:mod:`briefgen.checks.claims`, which finds
the blocks in the template source) and ``audit`` know those lines rest on the team, not on a source.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.templating.mdtext import Markdown

#: The kinds of the team's own words, and how they are named to authors.
OURS_KINDS = {
    "recommendation": "a recommendation",
    "line": "a line to take",
    "ask": "what we ask of the reader",
    "action": "an action",
    "answer": "a proposed answer",
    "framing": "our framing or judgement",
}


class Ours:
    """The ``ours`` template global of one render; ``spans`` holds (kind, text) of each block, in order."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, str]] = []

    def __call__(self, kind: str, caller: Callable[[], str] | None = None) -> Markdown:
        if kind not in OURS_KINDS:
            raise ValueError(f"ours(): expected a kind from {', '.join(OURS_KINDS)}, found '{kind}'")
        if caller is None:
            raise ValueError(f'ours("{kind}") marks a block: write {{% call ours("{kind}") %}}...{{% endcall %}}')
        body = caller()
        self.spans.append((kind, str(body)))
        return Markdown(body)
