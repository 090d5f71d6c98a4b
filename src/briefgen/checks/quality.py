"""Quality gates an editor checks before sending a brief: length, plain English, judgements.

Measured on the brief's reading text: its body without the marking lines, the
notes and the sources list, as a reader reads it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from briefgen.content import phrases
from briefgen.content.model import PHIA, Gates, Yardstick

#: GOV.UK plain-English words to avoid (guide section 3): the English phrase list ``plain_english_avoid``,
#: which each language's catalogue and a project's ``phrases:`` replace.
AVOID = phrases.for_lang().words("plain_english_avoid")
#: How an English sentence says it is our judgement (the ``assessment_openers`` phrase list).
OPENERS = phrases.for_lang().words("assessment_openers")
#: Acronyms so familiar that GOV.UK does not expand them.
KNOWN_ACRONYMS = ("EU", "UK", "US", "USA", "UN", "BBC", "NHS", "PDF", "TLP")

_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"‘(0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,}s?\b")


def _assessing(openers: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence that says it is our judgement: one of ``openers`` ('We assess') as words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(o) for o in openers) + r")\b")


@dataclass
class Measures:
    """What an editor looks at in one brief."""

    words: int
    sentences: int
    reading_ease: float
    grade: float
    longest: list[tuple[int, str]]
    long_sentences: list[str]
    flagged_words: list[str]
    unexpanded: list[str]
    unhedged: list[str]
    pages: int | None = None
    #: The yardstick whose terms a judgement must use ('PHIA', 'ICD 203' or a project's own).
    yardstick: str = PHIA.name
    problems: list[str] = field(default_factory=list)


def reading_text(body_html: str) -> str:
    """The text a reader reads: headings, paragraphs and lists, less notes and markings."""
    main = body_html.split('<section class="footnotes"', 1)[0]
    main = re.sub(r'<p class="marking[^"]*">.*?</p>', " ", main)
    main = re.sub(r"<sup class=\"footnote-ref\">.*?</sup>", "", main)
    main = re.sub(r'<span class="paranum">.*?</span>', "", main)
    main = re.sub(r"</(p|li|h[1-6]|td|th|blockquote)>", ".\n", main)
    text = html.unescape(_TAG.sub(" ", main))
    text = re.sub(r"\.(\s*\.)+", ".", text)
    text = re.sub(r"([:;!?])\s*\.", r"\1", text)
    return re.sub(r"[ \t]+", " ", text)


def sentences(text: str) -> list[str]:
    found = []
    for block in text.split("\n"):
        for piece in _SENTENCE_END.split(block.strip()):
            piece = piece.strip(" .")
            if len(_WORD.findall(piece)) >= 2:
                found.append(piece)
    return found


def syllables(word: str) -> int:
    """An estimate good enough for readability scores (English)."""
    w = word.lower().strip("'’-")
    if not w.isalpha():
        return 1
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def measure(body_html: str, plain: bool, sentence_limit: int, known: tuple[str, ...] = KNOWN_ACRONYMS,
            avoid: tuple[str, ...] = AVOID, acronyms: bool | None = None, yardstick: Yardstick = PHIA,
            openers: tuple[str, ...] = OPENERS) -> Measures:
    """Measure a brief's reading text. ``plain`` flags the words to avoid; ``acronyms`` (default:
    as ``plain``) flags acronyms not expanded at first use; a sentence that opens with one of ``openers``
    ('We assess') must use a term of the ``yardstick``."""
    text = reading_text(body_html)
    found = sentences(text)
    words = [w for s in found for w in _WORD.findall(s)]
    n_words = max(1, len(words))
    n_sent = max(1, len(found))
    n_syll = sum(syllables(w) for w in words)
    ease = 206.835 - 1.015 * n_words / n_sent - 84.6 * n_syll / n_words
    grade = 0.39 * n_words / n_sent + 11.8 * n_syll / n_words - 15.59
    lengths = sorted(((len(_WORD.findall(s)), s) for s in found), key=lambda x: -x[0])
    long_ones = [s for n, s in lengths if n > sentence_limit]
    flagged = []
    unexpanded = []
    if plain:
        lower = text.lower()
        for term in avoid:
            if re.search(rf"\b{re.escape(term)}(s|d|ed|ing)?\b", lower):
                flagged.append(term)
    if plain if acronyms is None else acronyms:
        seen: set[str] = set()
        for match in _ACRONYM.finditer(text):
            acronym = match.group().rstrip("s") if match.group().endswith("s") else match.group()
            beside = text[max(0, match.start() - 1):match.start()] + text[match.end():match.end() + 1]
            if acronym in seen or acronym in known or ":" in beside:  # TLP:CLEAR is a marking, not an acronym
                continue
            seen.add(acronym)
            before = text[max(0, match.start() - 2):match.start()]
            after = text[match.end():match.end() + 2]
            if not (before.endswith("(") and after.startswith(")")) and not after.startswith(" ("):
                unexpanded.append(acronym)
    assessing = _assessing(openers)
    unhedged = [s for s in found if assessing.search(s) and not yardstick.uses_term(s)]
    return Measures(len(words), len(found), round(ease, 1), round(grade, 1), lengths[:3], long_ones, flagged,
                    unexpanded, unhedged, yardstick=yardstick.name)


def evaluate(gates: Gates, m: Measures) -> list[str]:
    """Every gate a brief fails, in words an editor acts on."""
    problems = []
    pages = gates.pages
    if pages is not None and m.pages is not None and m.pages > pages:
        problems.append(f"the PDF has {m.pages} pages, over the budget of {pages}")
    words = gates.words
    if words is not None and m.words > words:
        problems.append(f"{m.words} words, over the budget of {words}")
    limit = gates.sentence_words
    if limit is not None and m.long_sentences:
        worst = m.longest[0]
        problems.append(f"{len(m.long_sentences)} sentence(s) over {limit} words; the longest has {worst[0]}: "
                        f"\"{_clip(worst[1])}\"")
    if gates.plain_english and m.flagged_words:
        problems.append("words to avoid in plain English: " + ", ".join(m.flagged_words))
    if (gates.plain_english or gates.acronyms) and m.unexpanded:
        problems.append("acronyms not expanded at first use: " + ", ".join(m.unexpanded))
    ease = gates.reading_ease
    if ease is not None and m.reading_ease < ease:
        problems.append(f"Flesch reading ease {m.reading_ease}, below the minimum of {ease}")
    for sentence in m.unhedged:
        problems.append(f"a judgement without a {m.yardstick} probability term: \"{_clip(sentence)}\"")
    return problems


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."
