"""Build state in ``build/.briefgen-state.json``: what each target was built from.

A file input is compared as doit does: modification time and size first, and
only when those differ, a content hash (so touching a file changes nothing).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.build.outputs import write_atomic
from briefgen.layout import STATE_FILE, Layout

#: A target's recorded configuration: its edition date and the versions it was built with (JSON).
Config = dict[str, Any]

FORMAT_VERSION = 1
_LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "weasyprint", "pyyaml", "python-docx")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Stamp:
    """A file's recorded state: mtime in ns, size, and content hash."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Stamp:
        st = path.stat()
        return cls(st.st_mtime_ns, st.st_size, sha256_file(path))


def file_changed(path: Path, stamp: Stamp) -> tuple[bool, Stamp | None]:
    """Whether ``path`` differs from ``stamp``: (changed, fresh stamp when only touched)."""
    try:
        st = path.stat()
    except OSError:
        return True, None
    if st.st_mtime_ns == stamp.mtime_ns and st.st_size == stamp.size:
        return False, None
    if st.st_size != stamp.size:
        return True, None
    digest = sha256_file(path)
    if digest == stamp.sha256:
        return False, Stamp(st.st_mtime_ns, st.st_size, digest)
    return True, None


@dataclass
class TargetState:
    """What one output was built from."""

    briefing: str
    format: str
    audience: str
    files: dict[str, Stamp]
    config: Config
    facts: dict[str, str]
    output: Stamp
    used: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    gates: list[str] = field(default_factory=list)


@dataclass
class BriefingState:
    """What a briefing's spec said at the last build: enough to plan without reading it."""

    audience: str
    formats: list[str]


@dataclass
class BuildState:
    targets: dict[str, TargetState] = field(default_factory=dict)
    briefings: dict[str, BriefingState] = field(default_factory=dict)
    content: list[str] = field(default_factory=list)
    dirty: bool = False

    @classmethod
    def load(cls, build_dir: Path) -> BuildState:
        """The recorded state; empty when missing, unreadable or of another format version."""
        try:
            data = json.loads((build_dir / STATE_FILE).read_text("utf-8"))
            if data.get("format") != FORMAT_VERSION:
                return cls()
            targets = {}
            for name, t in data["targets"].items():
                t["files"] = {p: Stamp(**s) for p, s in t["files"].items()}
                t["output"] = Stamp(**t["output"])
                targets[name] = TargetState(**t)
            briefings = {b: BriefingState(**v) for b, v in data["briefings"].items()}
            return cls(targets, briefings, list(data["content"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, build_dir: Path) -> None:
        data = {
            "format": FORMAT_VERSION,
            "targets": {name: asdict(t) for name, t in sorted(self.targets.items())},
            "briefings": {b: asdict(v) for b, v in sorted(self.briefings.items())},
            "content": self.content,
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        write_atomic(build_dir / STATE_FILE, text.encode("utf-8"))


def content_files(layout: Layout) -> list[str]:
    """The content files whose arrival or removal can change what is built."""
    names = [layout.rel(p) for p in layout.fact_files() + layout.spec_files()]
    if layout.settings.exists():
        names.append(layout.rel(layout.settings))
    return names


def versions() -> dict[str, str]:
    """The versions of briefgen and of the libraries that shape its output."""
    found = {"briefgen": __version__}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found
