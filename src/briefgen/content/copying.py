"""Catching copying: a fact's own words (statement and wordings) that repeat a run of 8 or more words
of a source it cites. Facts paraphrase; only a quotation's quoted words may be the source's own."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.content.model import Fact

#: The shortest run of words in a row, shared with a source, that counts as copying.
RUN = 8
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def words(text: str) -> list[str]:
    """Lowercase words of letters and digits; apostrophes dropped, so "EU’s" is "eus"."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` words in a row in ``text``."""
    w = words(text)
    return {tuple(w[i:i + size]) for i in range(len(w) - size + 1)}


def copied(fact: Fact, source_texts: Iterable[str], size: int = RUN) -> list[str]:
    """The runs of ``size`` words in a row that the fact's statement or a wording shares with any of
    ``source_texts``, each once, in order; a quotation's quoted words are left out."""
    own = {text: runs(_QUOTED.sub(" ", text) if fact.kind == "quotation" else text, size)
           for text in (fact.statement, *fact.wording.values())}
    wanted = set().union(*own.values())
    shared = set().union(*(_shared_runs(text, wanted, size) for text in source_texts)) if wanted else set()
    found: dict[str, None] = {}
    for fact_runs in own.values():
        for run in sorted(fact_runs & shared):
            found.setdefault(" ".join(run), None)
    return list(found)


def _shared_runs(text: str, wanted: set[tuple[str, ...]], size: int) -> set[tuple[str, ...]]:
    """The runs of ``wanted`` found in ``text``: one pass over its words, keeping only the matches
    (a source may be an archived text of millions of words; its runs are never all held at once)."""
    w = words(text)
    firsts = {run[0] for run in wanted}
    return {run for i in range(len(w) - size + 1) if w[i] in firsts and (run := tuple(w[i:i + size])) in wanted}
