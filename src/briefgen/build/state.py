"""Build state in ``build/.briefgen-state.json``: what each target was built from.

A file input is compared as doit does: modification time and size first, and
only when those differ, a content hash (so touching a file changes nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from briefgen import __version__
from briefgen.build.outputs import write_atomic
from briefgen.layout import STATE_FILE, Layout

#: A target's recorded configuration: its edition date and the versions it was built with (JSON).
Config = dict[str, Any]

FORMAT_VERSION = 1
T = TypeVar("T")
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
    #: Why the recorded state could not be used (it is then empty, so every target is rebuilt).
    warning: str | None = None

    @classmethod
    def load(cls, build_dir: Path) -> BuildState:
        """The recorded state; empty when missing or of another format version, and empty with a
        ``warning`` when unreadable, truncated or corrupt (the next save repairs it)."""
        path = build_dir / STATE_FILE
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            if data.get("format") != FORMAT_VERSION:
                return cls()
            return cls(_mapping(data["targets"], _target), _mapping(data["briefings"], _briefing),
                       _strings(data["content"]))
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            why = exc.strerror or str(exc)
        except (ValueError, KeyError, TypeError) as exc:
            why = f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError) else str(exc)
        rel = f"{build_dir.name}/{STATE_FILE}"
        return cls(warning=f"{rel} is unreadable ({_short(why)}); rebuilding every target, which repairs it")

    def save(self, build_dir: Path) -> None:
        data = {
            "format": FORMAT_VERSION,
            "targets": {name: asdict(t) for name, t in sorted(self.targets.items())},
            "briefings": {b: asdict(v) for b, v in sorted(self.briefings.items())},
            "content": self.content,
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        write_atomic(build_dir / STATE_FILE, text.encode("utf-8"))


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _mapping(value: Any, make: Callable[[Any], T]) -> dict[str, T]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return {_string(k): make(v) for k, v in value.items()}


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return [_string(v) for v in value]


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, found {type(value).__name__}")
    return value


def _stamp(value: Any) -> Stamp:
    if not isinstance(value, dict) or set(value) != {"mtime_ns", "size", "sha256"}:
        raise TypeError("a file stamp is not {mtime_ns, size, sha256}")
    return Stamp(_int(value["mtime_ns"]), _int(value["size"]), _string(value["sha256"]))


def _target(value: Any) -> TargetState:
    if not isinstance(value, dict):
        raise TypeError(f"a target is {type(value).__name__}, not an object")
    config = value["config"]
    if not isinstance(config, dict) or not isinstance(config.get("versions", {}), dict):
        raise TypeError("a target's config is not an object")
    return TargetState(
        briefing=_string(value["briefing"]), format=_string(value["format"]), audience=_string(value["audience"]),
        files=_mapping(value["files"], _stamp), config=config, facts=_mapping(value["facts"], _string),
        output=_stamp(value["output"]), used=_strings(value.get("used", [])),
        stale=_strings(value.get("stale", [])), gates=_strings(value.get("gates", [])),
    )


def _briefing(value: Any) -> BriefingState:
    if not isinstance(value, dict):
        raise TypeError(f"a briefing is {type(value).__name__}, not an object")
    return BriefingState(_string(value["audience"]), _strings(value["formats"]))


def content_files(layout: Layout) -> list[str]:
    """The content files whose arrival or removal can change what is built."""
    locks = sorted(layout.briefings.glob("*.lock"))  # review baselines (content.baseline)
    names = [layout.rel(p) for p in layout.fact_files() + layout.spec_files() + locks]
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
