"""``briefgen init``: a content repository that builds as it stands, in the house look.

The kit (package data, ``briefgen/scaffold/``): the house stylesheet (templates/styles/base.css) with
its bundled fonts (assets/fonts/), the title, header, changes and notes partials, and two example
audiences (a plain-English guide for the public and a note for officials), written as Markdown,
HTML and PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from briefgen.exceptions import ProjectUsageError
from briefgen.layout import BUILD_DIR, EDITIONS_DIR

GITIGNORE = ".gitignore"
#: build/ is disposable; a publish interrupted mid-write leaves hidden temporary files in editions/;
#: .venv is where contrib/publish.sh installs the pinned briefgen.
GITIGNORE_TEXT = f"/{BUILD_DIR}/\n/{EDITIONS_DIR}/**/.tmp-*\n/.venv/\n"


def starter_files() -> list[tuple[Path, bytes]]:
    """The starter project's files (path relative to its root, content), .gitignore included."""
    files: list[tuple[Path, bytes]] = []

    def walk(node: Traversable, rel: Path) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            if child.is_dir():
                walk(child, rel / child.name)
            else:
                files.append((rel / child.name, child.read_bytes()))

    walk(resources.files("briefgen") / "scaffold", Path())
    files = [(rel, pinned(data) if rel.parts[0] == RECIPES else data) for rel, data in files]
    # Not shipped as package data: packaging tools drop or mangle dotfiles.
    files.append((Path(GITIGNORE), GITIGNORE_TEXT.encode()))
    return files


#: The starter's folder of scheduling recipes, each pinned to the briefgen that wrote it.
RECIPES = "contrib"
#: Which recipe files ``briefgen recipe NAME`` prints.
RECIPE_FILES = {"cron": ("briefgen.cron",), "systemd": ("briefgen.service", "briefgen.timer"),
                "github": ("github-publish.yml",), "gitlab": ("gitlab-ci.yml",), "publish": ("publish.sh",),
                "shard-github": ("github-shards.yml",), "shard-kubernetes": ("kubernetes-shards.yml",)}


def pinned(data: bytes) -> bytes:
    """A recipe with this briefgen's version where it installs briefgen from the package index."""
    from briefgen import __version__

    return data.replace(b"@BRIEFGEN_VERSION@", __version__.encode())


def recipe(name: str) -> list[tuple[str, str]]:
    """The files of one scheduling recipe for a content repository (``RECIPE_FILES``), as (path, text)."""
    folder = resources.files("briefgen") / "scaffold" / RECIPES
    return [(f"{RECIPES}/{file}", pinned((folder / file).read_bytes()).decode()) for file in RECIPE_FILES[name]]


def scaffold(directory: Path) -> list[Path]:
    """Copy the starter project into ``directory``: all of it or, if any file it would write
    exists already (or a folder on its way is a symbolic link), nothing at all."""
    files = starter_files()
    clashes = _clashes(directory, [rel for rel, _ in files])
    if len(clashes) == 1:
        raise ProjectUsageError(f"{clashes[0]}; init never overwrites files")
    if clashes:
        listed = "\n".join(f"  {clash}" for clash in clashes)
        raise ProjectUsageError(f"init never overwrites files, and {len(clashes)} are in the way:\n{listed}")
    created = []
    for rel, data in files:
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:  # exclusive: never replaces a file, never follows a symlink
            out.write(data)
        created.append(target)
    return created


def _clashes(directory: Path, rels: list[Path]) -> list[str]:
    """Why each file could not be written without touching something that exists."""
    found: dict[Path, str] = {}
    for rel in rels:
        for depth in range(1, len(rel.parts) + 1):
            path = directory.joinpath(*rel.parts[:depth])
            if path.is_symlink():
                found.setdefault(path, f"{path} already exists (a symbolic link)")
                break
            if depth == len(rel.parts) and path.exists():
                found.setdefault(path, f"{path} already exists")
            elif depth < len(rel.parts) and path.exists() and not path.is_dir():
                found.setdefault(path, f"{path} already exists and is not a folder")
                break
    return [found[p] for p in sorted(found)]


def git_init(directory: Path) -> str | None:
    """Make ``directory`` a git repository when git is installed and it is not already inside one.
    Returns what was done, or None when nothing was (no git; inside a repository)."""
    git = shutil.which("git")
    if git is None:
        return None
    inside = subprocess.run([git, "-C", str(directory), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.returncode == 0:
        return None
    done = subprocess.run([git, "init", "-q", str(directory)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ProjectUsageError(f"git init {directory} failed: {done.stderr.strip()}")
    return f"initialised a git repository in {directory}"
