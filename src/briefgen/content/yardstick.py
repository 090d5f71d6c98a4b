"""The probability yardstick assessments use: the UK PHIA yardstick by default, the US ICD 203 terms, or a
project's own scale (``yardstick:`` in briefgen.yaml).

    yardstick: icd203            # or phia (the default)

    yardstick:                   # a project's own scale, lowest first
      name: Our scale            # what the quality gate calls it
      terms:
        unlikely: "0-30%"
        even chance: "40-60%"
        likely: "70-100%"

A fact's ``likelihood`` must be a term of the configured yardstick; ``fact.likelihood_range`` and the
template global ``likelihoods`` give its ranges; the quality gate flags a judgement ("We assess ...")
that uses none of its terms. (The Yardstick class and PHIA live in content/model.py with the rest of the model:
the fact cache, which keeps the settings, builds only that module's classes.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from briefgen.content.fields import describe
from briefgen.content.model import PHIA, Yardstick
from briefgen.exceptions import Problem

#: The US Intelligence Community Directive 203 expressions of likelihood, each with its alternative term.
ICD203 = Yardstick("ICD 203", (
    ("almost no chance", "1-5%"), ("remote", "1-5%"),
    ("very unlikely", "5-20%"), ("highly improbable", "5-20%"),
    ("unlikely", "20-45%"), ("improbable", "20-45%"),
    ("roughly even chance", "45-55%"), ("roughly even odds", "45-55%"),
    ("likely", "55-80%"), ("probable", "55-80%"),
    ("very likely", "80-95%"), ("highly probable", "80-95%"),
    ("almost certain", "95-99%"), ("nearly certain", "95-99%"),
))

BUILT_IN = {"phia": PHIA, "icd203": ICD203}
_RANGE = re.compile(r"^\d{1,3}(\.\d+)?-\d{1,3}(\.\d+)?%$")


def parse(value: Any, shown: str, line: int | None) -> tuple[Yardstick, list[Problem]]:
    """The yardstick a ``yardstick:`` setting names or defines, and every problem with it (PHIA when wrong)."""
    if isinstance(value, str):
        if value in BUILT_IN:
            return BUILT_IN[value], []
        return PHIA, [Problem(shown, line, "yardstick", f"expected {', '.join(BUILT_IN)} or a mapping with name "
                              f"and terms, found {describe(value)}")]
    if not isinstance(value, Mapping):
        return PHIA, [Problem(shown, line, "yardstick", f"expected {', '.join(BUILT_IN)} or a mapping with name "
                              f"and terms, found {describe(value)}")]
    line_of = getattr(value, "line_of", lambda key: line)
    problems = [Problem(shown, line_of(key), f"yardstick.{key}", "unknown field; expected name or terms")
                for key in value if key not in ("name", "terms")]
    name, terms = value.get("name"), value.get("terms")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(shown, line_of("name") if "name" in value else line, "yardstick.name",
                                f"expected the scale's name as text, found {describe(name)}"))
    if not isinstance(terms, Mapping) or not terms:
        problems.append(Problem(shown, line_of("terms") if "terms" in value else line, "yardstick.terms",
                                f"expected a mapping of term to its range such as '55-75%', found {describe(terms)}"))
        return PHIA, problems
    term_line = getattr(terms, "line_of", lambda key: line)
    for term, span in terms.items():
        if not isinstance(term, str) or not term.strip() or term != term.lower():
            problems.append(Problem(shown, term_line(term), "yardstick.terms",
                                    f"expected a term in lowercase words, found {describe(term)}"))
        elif not isinstance(span, str) or not _RANGE.match(span):
            problems.append(Problem(shown, term_line(term), f"yardstick.terms.{term}",
                                    f"expected a range such as '55-75%', found {describe(span)}"))
    if problems:
        return PHIA, problems
    return Yardstick(" ".join(str(name).split()), tuple((str(t), str(r)) for t, r in terms.items())), []
