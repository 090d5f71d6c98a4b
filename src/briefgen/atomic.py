"""Replacing a file whole: through a temporary file in its folder and a rename, so it is never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, prefix: str, suffix: str = "", durable: bool = True) -> None:
    """Write ``data`` to ``path`` via ``<prefix><name>.XXXX<suffix>`` beside it, then rename it over ``path``.

    ``durable``: the temporary file is synced to disk before the rename, so after a power cut ``path``
    holds the old bytes or the new ones. Without it the rename still makes the replacement atomic for
    every reader and against any failure of this process, but the new bytes may be lost in a power cut
    until the caller syncs them (see ``build.outputs.sync_written``).

    A symbolic link at ``path`` is replaced, never written through. On any failure the temporary
    file is removed and ``path`` is left as it was.
    """
    fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
