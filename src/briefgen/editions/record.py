"""Writing an edition so that a crash at any point loses nothing.

An edition is written whole into a hidden folder (``.tmp-…``), each file synced, and then renamed
to its name in one step. A published edition is never replaced: a changed brief on the same day is
a new revision (``2026-11-24.2``). Old editions beyond ``keep_editions`` are renamed to a hidden
name before they are deleted. A run killed at any point leaves either the edition or nothing, plus
hidden leftovers that the next run removes before it publishes what is still unpublished.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.editions.folder import TMP_PREFIX, EditionId, fsync_dir
from briefgen.editions.manifest import MANIFEST, Scan
from briefgen.templating.styles import format_date

if TYPE_CHECKING:
    from briefgen.content.model import Briefing
    from briefgen.templating.render import Renderer
    from briefgen.templating.rendered import Rendered


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: The prefix of fingerprints made from a masked render; older manifests hold unprefixed ones.
FINGERPRINT = "v2:"


def fingerprint(renderer: Renderer, briefing: Briefing, edition: dt.date) -> str:
    """What a brief says, apart from its own date: a hash of its Markdown rendered without a "what has
    changed" part and with the edition date printed as a mark wherever the template prints it
    (:mod:`briefgen.templating.dated`). Equal fingerprints: same content."""
    rendered = renderer.render(briefing, edition, None, mask_date=True)
    return FINGERPRINT + sha256(rendered.markdown.encode("utf-8"))[:16]


def same_content(recorded: object, current: Callable[[], str], renderer: Renderer, briefing: Briefing,
                 edition: dt.date) -> bool:
    """Whether an edition's recorded fingerprint is the content of the brief now. A fingerprint recorded
    before masks were used is compared as it was made (the date's text blanked), so that upgrading
    briefgen publishes no edition by itself."""
    if not isinstance(recorded, str):
        return False
    if recorded.startswith(FINGERPRINT):
        return recorded == current()
    return recorded == _legacy(renderer.render(briefing, edition, None))


def _legacy(rendered: Rendered) -> str:
    text = rendered.markdown
    for shown in (format_date(rendered.edition, rendered.briefing.style), rendered.edition.isoformat()):
        text = text.replace(shown, "\x00edition date\x00")
    return sha256(text.encode("utf-8"))[:16]


def next_id(found: Scan, edition: dt.date) -> EditionId:
    """The name of a new edition of ``edition``: the date, or its next revision. Names of folders that
    are not whole are never reused."""
    taken = [n for n in (EditionId.parse(name) for name in found.names) if n and n.date == edition]
    return EditionId(edition, max(n.revision for n in taken) + 1) if taken else EditionId(edition)


def now_utc() -> str:
    """When an edition is published (SOURCE_DATE_EPOCH if set, for reproducible runs), to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_edition(folder: Path, name: EditionId, manifest: dict[str, Any], outputs: list[Path]) -> Path:
    """Write the edition ``name`` (its outputs, then its manifest) and rename it into place."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / str(name)
    if final.exists():
        raise FileExistsError(final)  # next_id never picks a taken name; two publishers hold one lock
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{name}.", dir=folder))
    for path in outputs:
        shutil.copyfile(path, tmp / path.name)
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for path in tmp.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    os.chmod(tmp, 0o755)
    fsync_dir(tmp)
    os.rename(tmp, final)
    fsync_dir(folder)
    return final


def prune(folder: Path, found: Scan, keep: int) -> list[str]:
    """Remove the oldest editions beyond ``keep`` (0 keeps all), but never the one the newest edition
    compares with (an unchanged brief goes on saying what changed since it); return their names."""
    if keep <= 0 or len(found.editions) <= keep:
        return []
    since = found.editions[-1].manifest.get("since")
    removed = []
    for old in found.editions[:-keep]:
        if str(old.id) == since:
            continue
        hidden = folder / f"{TMP_PREFIX}pruned-{old.id}"
        os.rename(old.folder, hidden)
        shutil.rmtree(hidden)
        removed.append(str(old.id))
    fsync_dir(folder)
    return removed
