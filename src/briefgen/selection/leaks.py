"""The last line of defence: scan a rendered brief for the text of facts it must not carry.

Facts above the ceiling never reach a template, so a match here means the text
arrived some other way (pasted into a template, or a fact duplicating another's
words). Matching is on the whole statement and on its distinctive runs of words:
six-word sequences that no fact the reader may see also contains.
"""

from __future__ import annotations

import re

from briefgen.content.model import Fact

RUN = 6
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def scan(output: str, withheld: list[Fact], visible: list[Fact]) -> list[str]:
    """Ids and evidence of withheld facts whose text appears in ``output``."""
    out_words = _words(output)
    out_text = " ".join(out_words)
    out_runs = _runs(out_words)
    allowed: set[tuple[str, ...]] = set()
    for fact in visible:
        for text in (fact.statement, *fact.wording.values()):
            allowed |= _runs(_words(text))
    found = []
    for fact in withheld:
        for text in (fact.statement, *fact.wording.values()):
            words = _words(text)
            if len(words) >= 3 and len(words) < RUN and " ".join(words) in out_text:
                found.append(f"fact '{fact.id}': its statement appears in the output")
                break
            hits = (_runs(words) - allowed) & out_runs
            if hits:
                phrase = " ".join(sorted(hits)[0])
                found.append(f"fact '{fact.id}': its words \"{phrase}\" appear in the output")
                break
    return found
