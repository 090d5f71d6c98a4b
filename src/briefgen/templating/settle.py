"""What one template run read of the values that settle between runs (the brief's marking, note
numbers, the computed ``brief.<name>`` values), so the renderer can tell whether running it again
with the settled values could print anything different (:mod:`briefgen.templating.render`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reads:
    """Reads of values that may not be final while the template runs."""

    marking: bool = False
    computed: bool = False
    #: Each note number handed out by looking a source up: (source id, number; 0 when not yet cited).
    numbers: list[tuple[str, int]] = field(default_factory=list)
    #: Each list of cited sources handed out, as it was then.
    lists: list[dict[str, int]] = field(default_factory=list)

    def final(self, *, same_marking: bool, same_drawn: bool, numbers: dict[str, int]) -> bool:
        """True when every value read was the one a run given the settled values would read:
        ``same_marking`` (the marking given is the one found), ``same_drawn`` (the facts the
        computed values rest on are those used), ``numbers`` (the note numbers at the end)."""
        return ((same_marking or not self.marking) and (same_drawn or not self.computed)
                and all(numbers.get(sid, 0) == n for sid, n in self.numbers)
                and all(seen == numbers for seen in self.lists))
