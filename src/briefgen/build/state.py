"""Build state in ``build/.briefgen-state.json``: what each target was built from.

A file input is compared as doit does: modification time and size first, and
only when those differ, a content hash (so touching a file changes nothing).

Each input's stamp is stored once (``stamps``: path, time, size, hash), and the fact files a target
read as one shared group (``groups``): a target refers to its group and to its other stamps by
number, so the file and a no-op build grow with the inputs, not with targets x fact files. Loaded
stamps are shared objects: a target's ``files`` is its own dict, its :class:`Inputs` the groups it
was loaded from (what :func:`briefgen.build.plan.fast_path` checks, each stamp once).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
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

FORMAT_VERSION = 2
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


@dataclass(frozen=True)
class Inputs:
    """The stamps a loaded target's ``files`` was made from: its fact group (shared with other
    targets) and its own; ``files`` is the dict made from them (it no longer describes the target
    once something replaces ``TargetState.files``)."""

    group: dict[str, Stamp]
    own: dict[str, Stamp]
    files: dict[str, Stamp]


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
    #: Where ``files`` came from when loaded (None for a target recorded in this run).
    inputs: Inputs | None = field(default=None, compare=False, repr=False)

    def loaded(self) -> Inputs | None:
        """The groups ``files`` was loaded from, while ``files`` is still that dict."""
        return self.inputs if self.inputs is not None and self.inputs.files is self.files else None


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
    #: How many stamps loading parsed (one per distinct input stamp, and one per output).
    parsed: int = 0
    #: The shard ("K/N") this state records, when it is a sharded build's: only its briefings' targets.
    shard: str | None = None

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
            stamps = _stamp_table(data["stamps"])
            groups = [_group(g, stamps) for g in _list(data["groups"])]
            targets = _mapping(data["targets"], lambda t: _target(t, stamps, groups))
            shard = data.get("shard")
            return cls(targets, _mapping(data["briefings"], _briefing), _strings(data["content"]),
                       parsed=len(stamps) + len(targets), shard=None if shard is None else _string(shard))
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            why = exc.strerror or str(exc)
        except (ValueError, KeyError, TypeError) as exc:
            why = f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError) else str(exc)
        rel = f"{build_dir.name}/{STATE_FILE}"
        return cls(warning=f"{rel} is unreadable ({_short(why)}); rebuilding every target, which repairs it")

    def save(self, build_dir: Path) -> None:
        keys = sorted({_key(rel, stamp) for t in self.targets.values() for rel, stamp in t.files.items()})
        number = {key: i for i, key in enumerate(keys)}
        groups = sorted({_fact_group(t.files, number) for t in self.targets.values()})
        group_number = {g: i for i, g in enumerate(groups)}
        data = {
            "format": FORMAT_VERSION,
            "stamps": [list(k) for k in keys],
            "groups": [list(g) for g in groups],
            "targets": {name: _target_data(t, number, group_number) for name, t in sorted(self.targets.items())},
            "briefings": {b: asdict(v) for b, v in sorted(self.briefings.items())},
            "content": self.content,
        } | ({"shard": self.shard} if self.shard else {})
        text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
        write_atomic(build_dir / STATE_FILE, text.encode("utf-8"))


#: The inputs stored as a shared group: the fact files, which every target of a project reads.
GROUPED = "facts/"

StampKey = tuple[str, int, int, str]


def _key(rel: str, stamp: Stamp) -> StampKey:
    return rel, stamp.mtime_ns, stamp.size, stamp.sha256


def _fact_group(files: dict[str, Stamp], number: dict[StampKey, int]) -> tuple[int, ...]:
    return tuple(sorted(number[_key(rel, s)] for rel, s in files.items() if rel.startswith(GROUPED)))


def _target_data(t: TargetState, number: dict[StampKey, int], groups: dict[tuple[int, ...], int]) -> dict[str, Any]:
    data: dict[str, Any] = {"briefing": t.briefing, "format": t.format, "audience": t.audience, "config": t.config,
                            "facts": t.facts, "output": asdict(t.output), "used": t.used, "stale": t.stale,
                            "gates": t.gates}
    data["files"] = {"facts": groups[_fact_group(t.files, number)],
                     "other": sorted(number[_key(rel, s)] for rel, s in t.files.items()
                                     if not rel.startswith(GROUPED))}
    return data


def _stamp_table(value: Any) -> list[tuple[str, Stamp]]:
    rows = []
    for row in _list(value):
        if not isinstance(row, list) or len(row) != 4:
            raise TypeError("a stamp is not [path, mtime_ns, size, sha256]")
        rows.append((_string(row[0]), Stamp(_int(row[1]), _int(row[2]), _string(row[3]))))
    return rows


def _pick(stamps: list[tuple[str, Stamp]], index: Any) -> tuple[str, Stamp]:
    number = _int(index)
    if not 0 <= number < len(stamps):
        raise ValueError(f"stamp {number} is not in the table of {len(stamps)}")
    return stamps[number]


def _group(value: Any, stamps: list[tuple[str, Stamp]]) -> dict[str, Stamp]:
    return dict(_pick(stamps, i) for i in _list(value))


def _inputs(value: Any, stamps: list[tuple[str, Stamp]], groups: list[dict[str, Stamp]]) -> Inputs:
    if not isinstance(value, dict) or set(value) != {"facts", "other"}:
        raise TypeError("a target's files are not {facts, other}")
    index = _int(value["facts"])
    if not 0 <= index < len(groups):
        raise ValueError(f"group {index} is not in the table of {len(groups)}")
    own = dict(_pick(stamps, i) for i in _list(value["other"]))
    files = dict(groups[index])
    files.update(own)
    return Inputs(groups[index], own, files)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _mapping(value: Any, make: Callable[[Any], T]) -> dict[str, T]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return {_string(k): make(v) for k, v in value.items()}


def _strings(value: Any) -> list[str]:
    return [_string(v) for v in _list(value)]


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


def _target(value: Any, stamps: list[tuple[str, Stamp]], groups: list[dict[str, Stamp]]) -> TargetState:
    if not isinstance(value, dict):
        raise TypeError(f"a target is {type(value).__name__}, not an object")
    config = value["config"]
    if not isinstance(config, dict) or not isinstance(config.get("versions", {}), dict):
        raise TypeError("a target's config is not an object")
    inputs = _inputs(value["files"], stamps, groups)
    return TargetState(
        briefing=_string(value["briefing"]), format=_string(value["format"]), audience=_string(value["audience"]),
        files=inputs.files, config=config, facts=_mapping(value["facts"], _string),
        output=_stamp(value["output"]), used=_strings(value.get("used", [])),
        stale=_strings(value.get("stale", [])), gates=_strings(value.get("gates", [])), inputs=inputs,
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
    found = {"briefgen": _briefgen_version()}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


#: The package's files whose content shapes what a build writes (its fonts and images do not change).
_SOURCE_SUFFIXES = frozenset({".py", ".css", ".j2", ".yaml", ".yml", ".html", ".txt"})


@functools.cache
def _briefgen_version() -> str:
    """briefgen's version; run from a source checkout (``src/briefgen`` beside ``pyproject.toml``), also
    a digest of its code, so a change to the code rebuilds what it wrote even before the version moves."""
    package = Path(__file__).resolve().parents[1]
    if package.parent.name != "src" or not (package.parent.parent / "pyproject.toml").is_file():
        return __version__
    return f"{__version__}+src.{source_digest(package)}"


def source_digest(package: Path) -> str:
    """A short digest of the content (not the times) of a package's source files, by relative path, in
    a fixed order. It runs on every build, the no-op one included: ``__pycache__`` is never entered."""
    digest = hashlib.sha256()
    for here, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if os.path.splitext(f)[1] in _SOURCE_SUFFIXES):
            path = Path(here, name)
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
