"""A fact's ``evidence:``: per cited source, short verbatim phrases from it and an optional locator.

Written in the common case as a list of phrases per source id::

    sources: [talks-report]
    evidence:
      talks-report: ["phrase one", "phrase two"]

or, with a locator (a heading, paragraph number or page)::

    evidence:
      talks-report: {locator: "Next steps", phrases: ["phrase one"]}
"""

from __future__ import annotations

from typing import Any

from briefgen.content.fields import SLUG_RE, describe
from briefgen.content.model import Evidence
from briefgen.content.yamlfile import Mapping, Sequence
from briefgen.exceptions import Problem

#: The most words a phrase may have: evidence is a pointer into the source, not a copy of it.
MAX_WORDS = 25

_EXPECTED = ("a mapping of cited source id to a list of phrases, or to {phrases: [...], locator: ...}")


def parse(value: Any, sources: tuple[str, ...], shown: str, fid: str, line: int
          ) -> tuple[tuple[Evidence, ...], list[Problem]]:
    """The evidence of fact ``fid`` (which cites ``sources``), and every problem in it."""
    problems: list[Problem] = []

    def problem(at: int | None, message: str) -> None:
        problems.append(Problem(shown, at or line, "evidence", f"{message} (fact '{fid}')"))

    if not isinstance(value, Mapping) or not value:
        problem(line, f"expected {_EXPECTED}, found {describe(value)}")
        return (), problems
    found: list[Evidence] = []
    for sid, entry in value.items():
        at = value.line_of(sid)
        if not isinstance(sid, str) or not SLUG_RE.match(sid):
            problem(at, f"expected a source id, found {describe(sid)}")
            continue
        if sid not in sources:
            cited = ", ".join(sources) or "none"
            problem(at, f"expected evidence for a source the fact cites ({cited}), found '{sid}'")
            continue
        locator: Any = None
        phrases: Any = entry
        if isinstance(entry, Mapping):
            unknown = [k for k in entry if k not in ("phrases", "locator")]
            if unknown:
                problem(entry.line_of(unknown[0]), f"expected 'phrases' and optionally 'locator' for '{sid}', "
                                                   f"found '{unknown[0]}'")
                continue
            phrases, locator = entry.get("phrases"), entry.get("locator")
            if locator is not None and not (isinstance(locator, str | int) and str(locator).strip()):
                problem(entry.line_of("locator"), f"expected a locator (a heading, paragraph or page) for "
                                                  f"'{sid}', found {describe(locator)}")
                continue
            at = entry.line_of("phrases") if "phrases" in entry else at
        if isinstance(phrases, str):
            phrases, lines = [phrases], [at]
        elif isinstance(phrases, Sequence) and phrases:
            lines = list(phrases.lines)
        else:
            problem(at, f"expected one or more phrases from '{sid}', found {describe(phrases)}")
            continue
        ok = True
        for phrase, phrase_line in zip(phrases, lines, strict=True):
            if not isinstance(phrase, str) or not phrase.strip():
                problem(phrase_line, f"expected a phrase from '{sid}' (text), found {describe(phrase)}")
                ok = False
            elif len(words := phrase.split()) > MAX_WORDS:
                problem(phrase_line, f"expected a phrase of at most {MAX_WORDS} words (evidence points to the "
                                     f"source, it does not copy it), found {len(words)} words: "
                                     f"'{' '.join(words[:8])} ...'")
                ok = False
        if ok:
            found.append(Evidence(sid, tuple(" ".join(p.split()) for p in phrases),
                                  None if locator is None else str(locator).strip(), tuple(lines)))
    return tuple(found), problems

