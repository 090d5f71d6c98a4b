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
    source_runs: set[tuple[str, ...]] = set()
    for text in source_texts:
        source_runs |= runs(text, size)
    found: dict[str, None] = {}
    for text in (fact.statement, *fact.wording.values()):
        if fact.kind == "quotation":
            text = _QUOTED.sub(" ", text)
        for run in sorted(runs(text, size) & source_runs):
            found.setdefault(" ".join(run), None)
    return list(found)
