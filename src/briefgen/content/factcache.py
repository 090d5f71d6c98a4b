"""A validated fact base kept in ``build/.briefgen-facts.pickle``, so a cold ``render`` (or ``check``,
``list``, ``audit``) need not parse and validate every fact file again.

The cache is keyed by the stamps (time and size, of the file and of a link to it) of every fact
file, by the settings it was validated with and by the stamps of briefgen's own content-loading
code. Only ``build`` writes it (``render`` never touches build/, ``check`` writes nothing), only
for a fact base with no problems, and only when every fact file is older than
:data:`SETTLED_NS`: a file edited again within the file system's clock granularity, keeping its
size, would otherwise look unchanged (git's "racy" files). A cache that is missing, unreadable,
corrupt, of another version or for other files is ignored and the facts are loaded from their
files. It is read with an unpickler that builds nothing but the fact model's classes and dates,
and written readable by its owner only (it holds every fact, whatever its marking).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.content import model
from briefgen.content.facts import FactBase
from briefgen.content.model import Settings
from briefgen.layout import Layout

CACHE_FILE = ".briefgen-facts.pickle"
FORMAT = 1
#: Fact files modified this recently (nanoseconds) are not cached: see the module's docstring.
SETTLED_NS = 2_000_000_000

Key = tuple[object, ...]


def key(root: Path) -> Key | None:
    """What the cached fact base depends on besides the settings; None when a file cannot be read."""
    code = Path(__file__).parent
    try:
        files = [(p.name, _stat(p)) for p in Layout(root).fact_files()]
        ours = [(p.name, _stat(p)) for p in sorted(code.glob("*.py"))]
    except OSError:
        return None
    return FORMAT, __version__, sys.version, tuple(files), tuple(ours)


def _stat(path: Path) -> tuple[int, int, int, int]:
    link, target = path.lstat(), path.stat()
    return link.st_mtime_ns, link.st_size, target.st_mtime_ns, target.st_size


def read(root: Path, found: Key | None, settings: Settings) -> FactBase | None:
    """The cached fact base for ``found`` (from :func:`key`) and ``settings``, if there is a sound one."""
    if found is None:
        return None
    try:
        data = (Layout(root).build / CACHE_FILE).read_bytes()
        cached_key, cached_settings, facts, sources = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # whatever is wrong with the cache, the files are read instead
        return None
    if cached_key != found or cached_settings != settings or not isinstance(facts, dict) \
            or not isinstance(sources, dict):
        return None
    return FactBase(facts=facts, sources=sources)


def write(root: Path, found: Key | None, settings: Settings, base: FactBase) -> bool:
    """Keep ``base`` (loaded from the files :func:`key` described as ``found``) for later runs, when
    it is sound and settled; whether it was written. Failing to write it is not an error."""
    if found is None or base.problems or not base.complete:
        return False
    files = found[3]
    assert isinstance(files, tuple)
    folder = Layout(root).build
    data = pickle.dumps((found, settings, base.facts, base.sources), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{CACHE_FILE}.", suffix=".tmp", dir=folder)  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # "Now" as the file system dates files (the cache file just written), not the process's
            # clock: the two can differ (a clock set ahead, a network file system), as git's racy check knows.
            now = os.stat(tmp).st_mtime_ns
            if any(now - max(stamp[0], stamp[2]) < SETTLED_NS for _, stamp in files):
                Path(tmp).unlink(missing_ok=True)
                return False
            os.replace(tmp, folder / CACHE_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


class _Unpickler(pickle.Unpickler):
    """Builds only the fact model's classes and dates: a cache file is data, never code."""

    def find_class(self, module: str, name: str) -> Any:
        found = getattr(model, name, None)
        if module == model.__name__ and isinstance(found, type) and found.__module__ == model.__name__:
            return found
        if (module, name) == ("datetime", "date"):
            return dt.date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the fact cache")
