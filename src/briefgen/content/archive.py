"""The source archive: each source's archived text, found, read once, hashed, and searched.

Phrases are compared with the text after normalising whitespace, quotes, dashes and case, so
"the EU’s  approach" matches "The EU's approach". A phrase not found is shown with the passage of
the source that comes closest to it.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.model import Settings, Source

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


@dataclass
class SourceText:
    """One archived text, with its words normalised for searching."""

    path: Path
    text: str
    sha256: str
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _words: list[str] = field(default_factory=list, repr=False)
    _joined: str = ""

    def __post_init__(self) -> None:
        for match in _WORD.finditer(self.text):
            word = normalise(match.group())
            if word:
                self._spans.append(match.span())
                self._words.append(word)
        self._joined = " ".join(self._words)

    def contains(self, phrase: str) -> bool:
        """Whether the normalised phrase occurs in the normalised text."""
        wanted = normalise(phrase)
        return bool(wanted) and wanted in self._joined

    def closest(self, phrase: str) -> str:
        """The passage of the text, as long as the phrase, most like it (word by word)."""
        wanted = [_bare(w) for w in normalise(phrase).split()]
        size = max(1, len(wanted))
        words = [_bare(w) for w in self._words]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        best, best_at = -1.0, 0
        for start in range(max(1, len(self._words) - size + 1)):
            matcher.set_seq1(words[start:start + size])
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, best_at = ratio, start
        if not self._spans:
            return ""
        last = min(best_at + size, len(self._spans)) - 1
        return " ".join(self.text[self._spans[best_at][0]:self._spans[last][1]].split())


def _bare(word: str) -> str:
    """A word without the punctuation around it, so that "signed." is as close to "signed" as can be."""
    return word.strip(string.punctuation) or word


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Archive:
    """Where a project's archived source texts are, each read at most once."""

    def __init__(self, root: Path, settings: Settings) -> None:
        named = os.environ.get(ARCHIVE_ENV) or settings.archive
        self.root = root
        self.folder = (root / os.path.expanduser(named)).resolve() if named else None
        self._texts: dict[Path, SourceText | None] = {}

    def path_of(self, source: Source) -> Path | None:
        """Where the source's archived text should be: its ``archive`` file (inside the archive
        folder, else the project), or ``<id>.txt`` in the archive folder; None when there is no folder
        to look in."""
        if source.archive:
            return ((self.folder or self.root) / os.path.expanduser(source.archive)).resolve()
        return self.folder / f"{source.id}.txt" if self.folder else None

    def text(self, source: Source) -> SourceText | None:
        """The source's archived text; None when it has none that can be read."""
        path = self.path_of(source)
        if path is None:
            return None
        if path not in self._texts:
            try:
                data = path.read_bytes()
                self._texts[path] = SourceText(path, data.decode("utf-8"), sha256_of(data))
            except (OSError, UnicodeDecodeError):
                self._texts[path] = None
        return self._texts[path]
