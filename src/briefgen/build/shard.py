"""Builds sharded across machines: ``build --shard K/N`` builds a stable part of the briefings.

A briefing's shard depends on its id alone (the SHA-256 of the id, modulo N), so adding or removing a
briefing never moves the others, and every machine computes the same partition without talking to the
others. A shard's build writes, beside its outputs and state, a small manifest
(``build/.briefgen-shard.json``): which shard it was, the edition date, the versions it ran with, and a
digest of every input file, so that ``briefgen merge`` can refuse to combine trees built from different
inputs or dates, and name the difference.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.build.outputs import write_atomic
from briefgen.build.state import BuildState, sha256_file, versions
from briefgen.layout import INPUT_DIRS, Layout

if TYPE_CHECKING:
    import datetime as dt

    from briefgen.build.options import Options

#: A shard's manifest, in its build/ (never in a merged or ordinary build's).
SHARD_FILE = ".briefgen-shard.json"
MANIFEST_VERSION = 1
_FORM = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True, order=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based: 1 <= index <= count)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, briefing_id: str) -> bool:
        return shard_of(briefing_id, self.count) == self.index

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``K/N`` as a shard; ValueError saying what is wrong otherwise."""
        match = _FORM.match(text)
        if not match:
            raise ValueError(f"expected K/N, two whole numbers such as 2/4 (shard 2 of 4), found {text!r}")
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1:
            raise ValueError(f"the number of shards must be at least 1, found {text!r}")
        if not 1 <= index <= count:
            raise ValueError(f"the shard must be from 1 to {count} (K is 1-based), found {text!r}")
        return cls(index, count)


def shard_of(briefing_id: str, count: int) -> int:
    """The shard (1-based) that builds ``briefing_id`` when the work is split ``count`` ways."""
    digest = hashlib.sha256(briefing_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def input_digests(layout: Layout, archive: Path | None) -> dict[str, str]:
    """The SHA-256 of every input file, by path from the project's root: the settings, every file in
    the input folders (hidden ones aside), and the source archive's files (``archive/<name>``)."""
    found: dict[str, str] = {}
    if layout.settings.is_file():
        found[layout.rel(layout.settings)] = sha256_file(layout.settings)
    for name in INPUT_DIRS:
        for path in _files(layout.root / name):
            found[layout.rel(path)] = sha256_file(path)
    if archive is not None and archive.is_dir():
        for path in sorted(p for p in archive.iterdir() if p.is_file() and not p.name.startswith(".")):
            found[f"archive/{path.name}"] = sha256_file(path)
    return dict(sorted(found.items()))


def _files(folder: Path) -> list[Path]:
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(here) / f for f in sorted(files) if not f.startswith(".")]
    return found


@dataclass(frozen=True)
class ShardManifest:
    """What a shard's tree was built from, and which briefings it built."""

    shard: Shard
    edition: str
    versions: dict[str, str]
    inputs: dict[str, str]
    briefings: list[str]
    publish: bool
    formats: list[str]
    editions: str

    def data(self) -> dict[str, Any]:
        return {"format": MANIFEST_VERSION, "shard": str(self.shard), "edition": self.edition,
                "versions": self.versions, "inputs": self.inputs, "briefings": self.briefings,
                "publish": self.publish, "formats": self.formats, "editions": self.editions}

    def write(self, build_dir: Path) -> None:
        text = json.dumps(self.data(), indent=1, sort_keys=True) + "\n"
        write_atomic(build_dir / SHARD_FILE, text.encode("utf-8"))

    @classmethod
    def read(cls, build_dir: Path) -> ShardManifest:
        """The manifest in ``build_dir``; ValueError saying why it cannot be used."""
        path = build_dir / SHARD_FILE
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise ValueError(f"no {path.name}: not the build/ of a sharded build (build --shard K/N)") from None
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path.name} is unreadable: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_VERSION:
            raise ValueError(f"{path.name} is not a shard manifest of format {MANIFEST_VERSION}")
        try:
            return cls(Shard.parse(str(data["shard"])), _str(data["edition"]), _strmap(data["versions"]),
                       _strmap(data["inputs"]), _strlist(data["briefings"]), bool(data["publish"]),
                       _strlist(data["formats"]), _str(data["editions"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path.name} is not a valid shard manifest ({type(exc).__name__}: {exc})") from None


def remove_manifest(build_dir: Path) -> None:
    """Forget that ``build_dir`` was a shard's (an ordinary build or a merge wrote it since)."""
    (build_dir / SHARD_FILE).unlink(missing_ok=True)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {type(value).__name__}")
    return value


def _strlist(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return [_str(v) for v in value]


def _strmap(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return {_str(k): _str(v) for k, v in value.items()}


def inputs_of(root: Path) -> tuple[dict[str, str], str]:
    """The input digests of the project at ``root`` (:func:`input_digests`), and its editions folder."""
    from briefgen.content.archive import Archive  # lazy: only sharded builds and merges need it
    from briefgen.content.settings import load  # lazy: only sharded builds and merges need it

    settings, _ = load(root)
    return input_digests(Layout(root), Archive(root, settings).folder), settings.editions


def write_manifest(root: Path, opts: Options, edition: dt.date, state: BuildState) -> None:
    """Record what this shard's tree was built from, after its state was saved."""
    assert opts.shard is not None
    inputs, editions = inputs_of(root)
    owned = sorted(bid for bid in state.briefings if opts.shard.owns(bid))
    manifest = ShardManifest(opts.shard, edition.isoformat(), versions(), inputs, owned, opts.publish,
                             sorted(opts.formats), editions)
    manifest.write(Layout(root).build)


def drop_other_shards(build_dir: Path, state: BuildState, shard: Shard, dry_run: bool,
                      emit: Callable[[str, str, str], None]) -> None:
    """Remove what the state records of briefings another shard builds (a tree that held an ordinary
    build, or another shard's): their outputs and depfiles, so the tree holds this shard's alone."""
    for name, target in sorted(state.targets.items()):
        if shard.owns(target.briefing):
            continue
        emit(name, "would remove" if dry_run else "removed",
             f"built by shard {shard_of(target.briefing, shard.count)}/{shard.count}")
        if not dry_run:
            (build_dir / name).unlink(missing_ok=True)
            (build_dir / f"{target.briefing}.d").unlink(missing_ok=True)
            del state.targets[name]
