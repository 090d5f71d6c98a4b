"""Whether a withdrawn fact's old text may still reach a briefing's reader, and under what marking."""

from __future__ import annotations

from typing import Any

from briefgen.content import markings
from briefgen.content.model import Fact, Settings
from briefgen.selection.select import Selection


def shown_marking(fid: str, record: dict[str, Any] | None, facts: dict[str, Fact], selection: Selection,
                  ceiling: dict[str, str], settings: Settings) -> tuple[dict[str, str] | None, str]:
    """The marking under which the text a reader saw of a now-withdrawn fact may be shown again,
    or None and why not.

    The text may be shown when the fact, if it still exists, is within the ceiling, and the marking
    recorded with the text in the earlier edition's manifest is known and within the ceiling too.
    It is then marked with the higher of the two.
    """
    if fid in selection.withheld:
        return None, selection.withheld[fid]
    recorded = markings.from_label(record.get("marking") if record else None, settings)
    if recorded is None:
        return None, f"fact '{fid}' has no marking this project knows in the earlier edition's manifest"
    above = markings.exceeds(recorded, ceiling, settings)
    if above:
        return None, f"fact '{fid}' was {above}"
    current = facts.get(fid)
    return markings.highest([recorded, current.markings if current else {}], settings), ""
