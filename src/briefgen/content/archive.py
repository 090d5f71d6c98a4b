"""The source archive: each source's archived text, found, read once, hashed, and searched.

Phrases are compared with the text after normalising whitespace, quotes, dashes and case, so
"the EU’s  approach" matches "The EU's approach". A phrase not found is shown with the passage of
the source that comes closest to it.
"""

from __future__ import annotations

import difflib
import hashlib
import heapq
import os
import re
import string
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.model import Settings, Source
from briefgen.content.textfile import read_regular

#: An environment variable that names the archive folder, over the settings' ``archive`` (for a
#: machine whose copy of the archive is somewhere else).
ARCHIVE_ENV = "BRIEFGEN_SOURCES"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_WORD = re.compile(r"\S+")


def normalise(text: str) -> str:
    """``text`` as phrases are compared: compatibility forms, straight quotes, hyphens for every
    dash, lowercase, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(_DASHES.sub("-", text).casefold().split())


def _normalise_word(word: str) -> str:
    """:func:`normalise` of one word, quicker for the plain ASCII words most texts are made of."""
    return word.lower() if word.isascii() and "`" not in word else normalise(word)


@dataclass
class SourceText:
    """One archived text, with its words normalised for searching (and where each word is, kept
    compactly: an archived text may have millions of words)."""

    path: Path
    text: str
    sha256: str
    _starts: array[int] = field(default_factory=lambda: array("q"), repr=False)
    _ends: array[int] = field(default_factory=lambda: array("q"), repr=False)
    _words: list[str] = field(default_factory=list, repr=False)
    _joined: str = ""

    def __post_init__(self) -> None:
        for match in _WORD.finditer(self.text):
            word = _normalise_word(match.group())
            if word:
                self._starts.append(match.start())
                self._ends.append(match.end())
                self._words.append(word)
        self._joined = " ".join(self._words)

    def contains(self, phrase: str) -> bool:
        """Whether the normalised phrase occurs in the normalised text."""
        wanted = normalise(phrase)
        return bool(wanted) and wanted in self._joined

    def closest(self, phrase: str) -> str | None:
        """The passage of the text, as long as the phrase, most like it (word by word), cut to
        :data:`PASSAGE_CHARS`; None when no passage shares at least half its words with the phrase
        (so an unrelated file is never echoed). Linear in the text: windows are ranked by the words
        they share with the phrase, counted as the window slides, and only the best are compared."""
        wanted = [_bare(w) for w in normalise(phrase).split()]
        if not wanted or not self._words:
            return None
        size = min(len(wanted), len(self._words))
        words = [_bare(w) for w in self._words]
        best, best_at = _best_window(_shared_counts(words, wanted, size), words, wanted, size)
        if best < MATCH_RATIO:
            return None
        last = best_at + size - 1
        passage = " ".join(self.text[self._starts[best_at]:self._ends[last]].split())
        return passage if len(passage) <= PASSAGE_CHARS else passage[:PASSAGE_CHARS] + "\u2026"


#: The longest passage of an archived text ever shown, in characters.
PASSAGE_CHARS = 300
#: How alike (difflib's ratio, word by word) a passage must be to the phrase to be shown.
MATCH_RATIO = 0.5
#: At most this many windows are compared word by word, the most promising first.
_COMPARED = 200


def _shared_counts(words: list[str], wanted: list[str], size: int) -> array[int]:
    """For each window of ``size`` words, how many of ``wanted`` (as a multiset) it holds."""
    need = Counter(wanted)
    have: Counter[str] = Counter()
    shared, counts = 0, array("l")
    for i, word in enumerate(words):
        if word in need:
            shared += have[word] < need[word]
            have[word] += 1
        if i >= size:
            gone = words[i - size]
            if gone in need:
                have[gone] -= 1
                shared -= have[gone] < need[gone]
        if i >= size - 1:
            counts.append(shared)
    return counts


def _best_window(shared: array[int], words: list[str], wanted: list[str], size: int) -> tuple[float, int]:
    """(ratio, start) of the window most like ``wanted``, the earliest of equals; at most
    :data:`_COMPARED` windows are compared, those sharing the most words first."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    order = heapq.nsmallest(_COMPARED, range(len(shared)), key=lambda start: (-shared[start], start))
    best, best_at = -1.0, 0
    for start in order:
        if 2 * shared[start] / (size + len(wanted)) < best:
            break
        matcher.set_seq1(words[start:start + size])
        ratio = matcher.ratio()
        if ratio > best or (ratio == best and start < best_at):
            best, best_at = ratio, start
    return best, best_at


def _bare(word: str) -> str:
    """A word without the punctuation around it, so that "signed." is as close to "signed" as can be."""
    return word.strip(string.punctuation) or word


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: The largest archived text read, in bytes: a larger file is refused, never read.
MAX_ARCHIVE_BYTES = 10 * 1024 * 1024


class Archive:
    """Where a project's archived source texts are, each read at most once, and only from inside the
    archive folder (the project, when there is none) after links are resolved: regular files of at
    most :data:`MAX_ARCHIVE_BYTES`."""

    def __init__(self, root: Path, settings: Settings) -> None:
        named = os.environ.get(ARCHIVE_ENV) or settings.archive
        self.root = root
        self.folder = (root / os.path.expanduser(named)).resolve() if named else None
        self._texts: dict[Path, tuple[SourceText | None, str | None]] = {}
        #: Why a source's archive file was refused (outside the folder, not a regular file, too
        #: large), by source id, in words that follow "archive: '<name>' ".
        self.refused: dict[str, str] = {}

    @property
    def confines(self) -> Path:
        """The folder every archive file must be inside."""
        return self.folder or self.root.resolve()

    def path_of(self, source: Source) -> Path | None:
        """Where the source's archived text should be: its ``archive`` file (inside the archive
        folder, else the project), or ``<id>.txt`` in the archive folder; None when there is no folder
        to look in."""
        if source.archive:
            return (self.confines / source.archive).resolve()
        return (self.folder / f"{source.id}.txt").resolve() if self.folder else None

    def text(self, source: Source) -> SourceText | None:
        """The source's archived text; None when it has none that can be read (why, when it was
        refused, is in :attr:`refused`)."""
        path = self.path_of(source)
        if path is None:
            return None
        if not path.is_relative_to(self.confines):
            self.refused[source.id] = f"is outside the archive folder {self.confines}: an archived text is " \
                                      "read only from inside it"
            return None
        if path not in self._texts:
            self._texts[path] = _read(path)
        text, wrong = self._texts[path]
        if wrong:
            self.refused[source.id] = wrong
        return text


def _read(path: Path) -> tuple[SourceText | None, str | None]:
    """The archived text at ``path``; or None, with what is wrong with the file (None when it is
    simply not there)."""
    if not os.path.lexists(path):
        return None, None
    raw, wrong = read_regular(path, MAX_ARCHIVE_BYTES)
    if raw is None:
        return None, wrong or "cannot be read"
    try:
        return SourceText(path, raw.decode("utf-8"), sha256_of(raw)), None
    except UnicodeDecodeError as exc:
        return None, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}"
