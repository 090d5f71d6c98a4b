"""``briefgen merge``: the trees of N shards' builds (``build --shard K/N``) made into one build.

Each shard's tree holds its own briefings' outputs and depfiles in build/, a state that records only
them, its briefings' edition folders, and a manifest (:mod:`briefgen.build.shard`). Merging checks
everything before it writes anything: every shard of one split is there once, all were built for one
edition date from the same inputs with the same versions, and each state claims only its own
briefings, whose outputs are what it recorded. Then it copies each shard's outputs and edition
folders into the project, writes one state of every target (each input and output stamped as it now
is on this machine), and rewrites the feeds and indexes from the merged editions, so the result is
what one ordinary build of the project would have made. A refused merge changes nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefgen.build.lock import build_lock
from briefgen.build.outputs import BuildDirError, sync_written, write_atomic
from briefgen.build.shard import ShardManifest, inputs_of, remove_manifest, shard_of
from briefgen.build.state import BuildState, Stamp, TargetState, sha256_file
from briefgen.editions.folder import TMP_PREFIX, fsync_dir, inside
from briefgen.exceptions import BuildError
from briefgen.layout import BUILD_DIR, Layout

#: At most this many differing files are named for one pair of trees.
_SHOWN = 10


@dataclass(frozen=True)
class Tree:
    """One shard's tree: its folder (holding build/ and the editions folder), manifest and state."""

    folder: Path
    manifest: ShardManifest
    state: BuildState

    @property
    def name(self) -> str:
        return f"shard {self.manifest.shard} ({self.folder})"


@dataclass(frozen=True)
class Merged:
    """What a merge did."""

    shards: int
    targets: int
    editions: int
    edition: str


def merge(into: Path, folders: list[Path], wait: bool = False) -> Merged:
    """Merge the shards' trees in ``folders`` into the project at ``into``; raise, changing nothing, if
    they are not the complete, consistent shards of one build of this project."""
    trees, problems = _read(folders)
    if not problems:
        problems = _agree(trees) + _into_agrees(into, trees) + [p for t in trees for p in _claims(t)]
    if problems:
        raise BuildError("refusing to merge; nothing was changed:\n" + "\n".join(f"  {p}" for p in problems))
    first = trees[0].manifest
    with build_lock(Layout(into).build, wait=wait):
        editions = _merge_editions(into, trees) if first.publish else 0
        targets = _merge_build(into, trees)
        if first.publish:
            _write_feeds(into)
    return Merged(len(trees), targets, editions, first.edition)


def _read(folders: list[Path]) -> tuple[list[Tree], list[str]]:
    trees, problems = [], []
    for folder in folders:
        build_dir = folder / BUILD_DIR
        try:
            manifest = ShardManifest.read(build_dir)
        except ValueError as exc:
            problems.append(f"{build_dir}: {exc}")
            continue
        state = BuildState.load(build_dir)
        if state.warning:
            problems.append(f"{folder}: {state.warning}")
        trees.append(Tree(folder, manifest, state))
    return sorted(trees, key=lambda t: t.manifest.shard), problems


def _agree(trees: list[Tree]) -> list[str]:
    """Whether the trees are every shard of one split, once each, of one build: the differences, named."""
    problems: list[str] = []
    counts = {t.manifest.shard.count for t in trees}
    if len(counts) > 1:
        return ["the shards split the work differently: " + ", ".join(t.name for t in trees)]
    count = counts.pop()
    for k in range(1, count + 1):
        same = [t for t in trees if t.manifest.shard.index == k]
        if not same:
            problems.append(f"shard {k}/{count} is missing: give the trees of all {count} shards")
        elif len(same) > 1:
            problems.append(f"shard {k}/{count} is given {len(same)} times: " + ", ".join(str(t.folder) for t in same))
    first = trees[0]
    for tree in trees[1:]:
        problems += _differences(first, tree)
    return problems


def _differences(a: Tree, b: Tree) -> list[str]:
    ma, mb = a.manifest, b.manifest
    found = []
    if ma.edition != mb.edition:
        found.append(f"built for different dates: {a.name} for {ma.edition}, {b.name} for {mb.edition} "
                     "(give every shard the same --as-of)")
    for lib in sorted(set(ma.versions) | set(mb.versions)):
        if ma.versions.get(lib) != mb.versions.get(lib):
            found.append(f"built with different versions of {lib}: {ma.versions.get(lib)} in {a.name}, "
                         f"{mb.versions.get(lib)} in {b.name}")
    if ma.publish != mb.publish:
        did, did_not = (a, b) if ma.publish else (b, a)
        found.append(f"{did.name} published its editions (--publish) and {did_not.name} did not")
    if ma.formats != mb.formats:
        found.append(f"built different formats: {', '.join(ma.formats) or 'all'} in {a.name}, "
                     f"{', '.join(mb.formats) or 'all'} in {b.name}")
    if ma.editions != mb.editions:
        found.append(f"different editions folders: {ma.editions} in {a.name}, {mb.editions} in {b.name}")
    found += _input_differences(ma.inputs, mb.inputs, a.name, b.name)
    return found


def _input_differences(a: dict[str, str], b: dict[str, str], name_a: str, name_b: str) -> list[str]:
    differ = [rel for rel in sorted(set(a) | set(b)) if a.get(rel) != b.get(rel)]
    found = []
    for rel in differ[:_SHOWN]:
        if rel not in a or rel not in b:
            found.append(f"built from different inputs: {rel} is in {name_a if rel in a else name_b} only, "
                         f"not in {name_b if rel in a else name_a}")
        else:
            found.append(f"built from different inputs: {rel} differs between {name_a} and {name_b}")
    if len(differ) > _SHOWN:
        found.append(f"... and {len(differ) - _SHOWN} more input files differ between {name_a} and {name_b}")
    return found


def _into_agrees(into: Path, trees: list[Tree]) -> list[str]:
    """Whether the project merged into has the inputs the shards were built from (its facts, templates
    and settings make the merged feeds and index, and its next build must find the outputs current)."""
    inputs, editions = inputs_of(into)
    shards = trees[0]
    found = _input_differences(shards.manifest.inputs, inputs, shards.name, f"the project {into}")
    if editions != shards.manifest.editions:
        found.append(f"the project {into} keeps its editions in {editions}, {shards.name} in "
                     f"{shards.manifest.editions}")
    try:
        inside(into / editions, into, "so nothing was merged")
    except BuildError as exc:
        found.append(exc.format_message())
    return found


def _claims(tree: Tree) -> list[str]:
    """Whether a shard's state records its own briefings alone, and its outputs are what it recorded."""
    shard = tree.manifest.shard
    state_file = tree.folder / BUILD_DIR / ".briefgen-state.json"
    found = []
    if tree.state.shard != str(shard):
        found.append(f"{state_file} is not the state of shard {shard} (it records {tree.state.shard or 'no shard'})")
    for name, target in sorted(tree.state.targets.items()):
        path = tree.folder / BUILD_DIR / name
        if not shard.owns(target.briefing):
            found.append(f"{state_file} records {name}, which shard {shard_of(target.briefing, shard.count)}/"
                         f"{shard.count} builds, not {shard}")
        elif not path.is_file():
            found.append(f"{path} is missing (its state records it)")
        elif sha256_file(path) != target.output.sha256:
            found.append(f"{path} is not the output its state records (changed since it was built?)")
    return found


def _merge_editions(into: Path, trees: list[Tree]) -> int:
    """Put each briefing's edition folder of the shard that builds it into the project; how many."""
    target = into / trees[0].manifest.editions
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for tree in trees:
        source = tree.folder / tree.manifest.editions
        if _same(tree.folder, into) or not source.is_dir():
            continue
        for folder in sorted(source.iterdir()):
            if folder.is_dir() and not folder.name.startswith(".") and tree.manifest.shard.owns(folder.name):
                _replace_folder(folder, target / folder.name)
                copied += 1
    return copied


def _replace_folder(source: Path, final: Path) -> None:
    """``final`` made a copy of ``source``: copied beside it under a hidden name, then renamed into place
    (a run killed half-way leaves hidden leftovers, which the next publishing run removes)."""
    fresh = final.with_name(f"{TMP_PREFIX}merge-{final.name}")
    old = final.with_name(f"{TMP_PREFIX}merged-{final.name}")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source, fresh, symlinks=True)
    if final.exists():
        os.rename(final, old)
    os.rename(fresh, final)
    fsync_dir(final.parent)
    if old.exists():
        shutil.rmtree(old)


def _merge_build(into: Path, trees: list[Tree]) -> int:
    """Copy each shard's outputs and depfiles into the project's build/, and record them all in one state."""
    build_dir = Layout(into).build
    before = BuildState.load(build_dir)
    merged = BuildState(content=trees[0].state.content)
    for tree in trees:
        merged.briefings.update(tree.state.briefings)
        merged.targets.update(tree.state.targets)
        if not _same(tree.folder, into):
            for name in _files_of(tree):
                _refuse_linked_folders(build_dir, name)
                write_atomic(build_dir / name, (tree.folder / BUILD_DIR / name).read_bytes(), durable=False)
    for name, target in before.targets.items():  # outputs the shards did not make (an earlier local build)
        if name not in merged.targets:
            (build_dir / name).unlink(missing_ok=True)
            if not any(t.briefing == target.briefing for t in merged.targets.values()):
                (build_dir / f"{target.briefing}.d").unlink(missing_ok=True)
    hashes: dict[str, str | None] = {}
    for name, target in merged.targets.items():
        merged.targets[name] = _restamped(into, name, target, hashes)
    sync_written()  # as a build does: the copies reach the disk together, before the state that records them
    merged.save(build_dir)
    remove_manifest(build_dir)
    return len(merged.targets)


def _refuse_linked_folders(build_dir: Path, name: str) -> None:
    """A font copy goes into a subfolder of build/: never through a symbolic link (as build/fonts.py)."""
    for folder in Path(name).parents:
        if str(folder) != "." and (build_dir / folder).is_symlink():
            raise BuildDirError(f"{build_dir / folder} is a symbolic link; briefgen writes only into real "
                                "folders: remove the link")


def _files_of(tree: Tree) -> Iterator[str]:
    """The files a shard made in its build/: its outputs, the depfile of each briefing it built, and the
    font copies its HTML editions name (build/fonts.py: the only files in build/'s subfolders)."""
    yield from sorted(tree.state.targets)
    build_dir = tree.folder / BUILD_DIR
    for briefing in sorted({t.briefing for t in tree.state.targets.values()}):
        if (build_dir / f"{briefing}.d").is_file():
            yield f"{briefing}.d"
    for path in sorted(build_dir.rglob("*")):
        rel = path.relative_to(build_dir)
        if len(rel.parts) > 1 and not any(part.startswith(".") for part in rel.parts) \
                and path.is_file() and not path.is_symlink():
            yield rel.as_posix()


def _restamped(into: Path, name: str, target: TargetState, hashes: dict[str, str | None]) -> TargetState:
    """``target`` with its inputs and output stamped as they are in the project (same bytes, this
    machine's times), so that the project's next build finds it current without hashing a file."""
    files = {}
    for rel, stamp in target.files.items():
        path = into / rel
        if rel not in hashes:
            hashes[rel] = sha256_file(path) if path.is_file() else None
        if hashes[rel] == stamp.sha256:
            st = path.stat()
            stamp = Stamp(st.st_mtime_ns, st.st_size, stamp.sha256)
        files[rel] = stamp
    return TargetState(briefing=target.briefing, format=target.format, audience=target.audience, files=files,
                       config=target.config, facts=target.facts, output=Stamp.of(Layout(into).build / name),
                       used=target.used, stale=target.stale, gates=target.gates)


def _write_feeds(into: Path) -> None:
    from briefgen.content import project as project_mod  # lazy: only a merge of publishing shards needs it
    from briefgen.editions.feed import write_feeds  # lazy: only a merge of publishing shards needs it

    write_feeds(project_mod.load(into))


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()
