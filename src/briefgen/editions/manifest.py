"""Dated editions of each brief, their manifests, and what changed between editions.

Each time a brief is built for an edition date, ``build/editions/<briefing>/<date>/``
receives a copy of its outputs and ``manifest.json``: the briefing, the edition
date, the facts used (ids, content hashes, and what the reader was shown), the
sources cited, the marking and the hashes of the outputs. That is the audit trail
of which claim went to which reader, and when. The folder is written under a
temporary name and renamed, so an edition is either whole or absent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.content.fields import parse_date
from briefgen.layout import EDITIONS_DIR

MANIFEST = "manifest.json"


def editions_dir(build_dir: Path, briefing_id: str) -> Path:
    return build_dir / EDITIONS_DIR / briefing_id


def edition_dates(build_dir: Path, briefing_id: str) -> list[dt.date]:
    """Dates of the complete editions of a briefing, oldest first."""
    folder = editions_dir(build_dir, briefing_id)
    if not folder.is_dir():
        return []
    dates = [parse_date(p.name) for p in folder.iterdir() if (p / MANIFEST).is_file()]
    return sorted(d for d in dates if d)


def previous(build_dir: Path, briefing_id: str, edition: dt.date, since: dt.date | None = None) -> Path | None:
    """The manifest of the edition to compare with: ``since`` if given, else the latest before ``edition``."""
    dates = edition_dates(build_dir, briefing_id)
    if since is not None:
        chosen = since if since in dates else None
    else:
        earlier = [d for d in dates if d < edition]
        chosen = earlier[-1] if earlier else None
    if chosen is None:
        return None
    return editions_dir(build_dir, briefing_id) / chosen.isoformat() / MANIFEST


def load_manifest(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record(build_dir: Path, briefing_id: str, audience: str, edition: dt.date, marking: str,
           facts: dict[str, dict[str, Any]], sources: list[str], outputs: dict[str, Path], keep: int) -> Path:
    """Write the edition folder for ``edition`` (replacing one of the same date), then prune old ones."""
    folder = editions_dir(build_dir, briefing_id)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "briefing": briefing_id,
        "audience": audience,
        "edition": edition.isoformat(),
        "marking": marking,
        "generator": f"briefgen {__version__}",
        "facts": facts,
        "sources": sources,
        "outputs": {path.name: sha256(path.read_bytes()) for path in outputs.values()},
    }
    tmp = Path(tempfile.mkdtemp(prefix=f".{edition.isoformat()}.", dir=folder))
    for path in outputs.values():
        shutil.copy2(path, tmp / path.name)
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    final = folder / edition.isoformat()
    if final.exists():
        old = folder / f".{edition.isoformat()}.replaced"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)
    prune(build_dir, briefing_id, keep)
    return final


def prune(build_dir: Path, briefing_id: str, keep: int) -> None:
    """Keep the ``keep`` newest editions (0 keeps all); clear half-written leftovers."""
    folder = editions_dir(build_dir, briefing_id)
    for leftover in folder.glob(".*"):
        shutil.rmtree(leftover, ignore_errors=True)
    dates = edition_dates(build_dir, briefing_id)
    if keep > 0:
        for old in dates[:-keep]:
            shutil.rmtree(folder / old.isoformat(), ignore_errors=True)
