"""``changes``: what changed since the last edition, as a template sees it, filtered for its reader.

Added and changed entries are facts the brief uses now, so they carry only their current
text. A withdrawn entry carries the text the reader saw in the earlier edition, and only when
that text may still reach this reader: the fact (if it still exists) and the marking recorded
for it must both be within the ceiling. The text then marks the brief like a fact would.
Other withdrawn facts are only counted (``changes.hidden``), never named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from briefgen.content.changes import Change, Changes
from briefgen.selection.withdrawn import shown_marking
from briefgen.templating.traced import Traced, TracedList

if TYPE_CHECKING:
    from briefgen.templating.template_api import FactList, FactRef, RenderContext


class ChangedFact:
    """A fact changed since the last edition: ``fact``, ``what`` changed and the analyst's ``note``
    (None without one); reading any of them uses the fact."""

    marks_when_read = True  # each read of it marks the brief

    def __init__(self, fact: FactRef, what: tuple[str, ...], note: str | None = None) -> None:
        self.fact = fact
        self._what = what
        self._note = note

    @property
    def _keys(self) -> tuple[str]:
        return self.fact._keys

    def _read(self) -> None:
        self.fact._read()

    @property
    def what(self) -> TracedList:
        """What changed in the fact: a list of names such as 'statement', 'sources', 'marking'."""
        self._read()
        usage = self.fact._ctx.usage
        return TracedList((Traced(w, usage, self._keys) for w in self._what), usage, self._keys)

    @property
    def note(self) -> Traced | None:
        """The analyst's one-line ``change_note`` (None without one)."""
        self._read()
        return None if self._note is None else Traced(self._note, self.fact._ctx.usage, self._keys)


class WithdrawnFact:
    """A fact withdrawn since the last edition, with the text its reader saw then."""

    marks_when_read = True  # each read of it marks the brief

    def __init__(self, fid: str, text: str, marking: dict[str, str], ctx: RenderContext) -> None:
        self._fid, self._text, self._marking, self._ctx = fid, text, marking, ctx

    @property
    def _keys(self) -> tuple[str]:
        return (f"withdrawn:{self._fid}",)

    def _read(self) -> None:
        self._ctx.usage.use(self._keys[0], self._marking)

    def _str(self, value: str) -> Traced:
        self._read()
        return Traced(value, self._ctx.usage, self._keys)

    @property
    def id(self) -> Traced:
        """The withdrawn fact's id."""
        return self._str(self._fid)

    @property
    def text(self) -> Traced:
        """The text the reader saw in the earlier edition."""
        return self._str(self._text)


class ChangesView:
    """What changed since the last edition (``changes`` is None on a first edition), each kind with an
    accessor of its own: ``substantive`` changes (``changed`` is the same list), ``editorial`` ones,
    facts ``added`` and ``withdrawn``, and how many other facts were withdrawn out of this reader's
    sight (``hidden``). Readers are told the substantive changes, additions and withdrawals; editorial
    changes, renewed review dates and facts the brief dropped while the fact base keeps them are not
    (see ``Changes.for_readers``): ``editorial`` is there for a template that lists them on purpose
    (an internal edition, a reviewer's note), and ``empty`` ignores it."""

    marks_when_read = True  # each read of it marks the brief

    def __init__(self, changes: Changes, ctx: RenderContext) -> None:
        from briefgen.templating.template_api import FactList, FactRef  # cycle: template_api imports changes_view

        visible = ctx.selection.visible
        old = (ctx.manifest or {}).get("facts", {})
        told = changes.for_readers(ctx.all_facts)
        self._since = changes.since
        added = [FactRef(visible[f], ctx) for f in told.added if f in visible]
        self._added = FactList(added, added, ctx)
        self._changed = self._changed_facts(told.changed, ctx)
        self._editorial = self._changed_facts(told.editorial, ctx)
        withdrawn: list[WithdrawnFact] = []
        self._hidden = 0
        for fid, text in told.withdrawn:
            marking, _ = shown_marking(fid, old.get(fid), ctx.all_facts, ctx.selection, ctx.briefing.ceiling,
                                       ctx.settings)
            if marking is None:
                self._hidden += 1
            else:
                withdrawn.append(WithdrawnFact(fid, text, marking, ctx))
        self._withdrawn = FactList(withdrawn, withdrawn, ctx)
        self._empty = told.empty
        self._ctx = ctx

    @staticmethod
    def _changed_facts(changes: tuple[Change, ...], ctx: RenderContext) -> FactList:
        from briefgen.templating.template_api import FactList, FactRef  # cycle: template_api imports changes_view

        visible = ctx.selection.visible
        found = [ChangedFact(FactRef(visible[c.id], ctx), c.what, c.note) for c in changes if c.id in visible]
        return FactList(found, found, ctx)

    @property
    def since(self) -> dt.date:
        """The date of the edition the changes are counted from."""
        return self._since

    @property
    def substantive(self) -> FactList:
        """The facts changed in substance since that edition, each a changed fact (``what`` changed, the
        analyst's ``note``): what readers are told."""
        return self._changed

    @property
    def changed(self) -> FactList:
        """The same list as ``substantive`` (its older name)."""
        return self._changed

    @property
    def editorial(self) -> FactList:
        """The facts whose change the analyst marked ``change: editorial`` (wording, spelling), each a
        changed fact: never told to readers unless a template lists them."""
        return self._editorial

    @property
    def added(self) -> FactList:
        """The facts this edition uses that the earlier one did not."""
        return self._added

    @property
    def withdrawn(self) -> FactList:
        """The facts withdrawn from the fact base, each with the text its reader saw then (only those
        this reader may still see)."""
        return self._withdrawn

    @property
    def hidden(self) -> int:
        """How many other facts were withdrawn (above this reader's ceiling): counted, never named."""
        return self._hidden

    @property
    def empty(self) -> bool:
        """Whether there is nothing to tell readers (editorial changes are not counted)."""
        return self._empty

    def say(self, **labels: object) -> str:
        """Record the words this brief tells its changes in (``heading``, ``added``, ``changed``,
        ``note``, ``withdrawn``, and ``what:<part>`` for the parts named), so that its feed and the
        index tell them in the same words. Prints nothing."""
        for key, value in labels.items():
            if isinstance(value, Mapping):
                self._ctx.labels.update({f"{key}:{part}": str(word) for part, word in value.items()})
            elif value is not None:
                self._ctx.labels[key] = str(value)
        return ""
