"""Replacing a file whole: through a temporary file in its folder and a rename, so it is never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, prefix: str, suffix: str = "") -> None:
    """Write ``data`` to ``path`` via ``<prefix><name>.XXXX<suffix>`` beside it, synced, then renamed over it.

    A symbolic link at ``path`` is replaced, never written through. On any failure the temporary
    file is removed and ``path`` is left as it was.
    """
    fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
