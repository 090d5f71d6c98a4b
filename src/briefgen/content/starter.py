"""``briefgen init``: a small content repository that builds as it stands."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from briefgen.exceptions import ProjectUsageError
from briefgen.layout import BUILD_DIR


def scaffold(directory: Path) -> list[Path]:
    """Copy the starter project into ``directory``; refuse to overwrite anything."""
    root = resources.files("briefgen") / "scaffold"
    files: list[tuple[Path, bytes]] = []

    def walk(node: Traversable, rel: Path) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            if child.is_dir():
                walk(child, rel / child.name)
            else:
                files.append((rel / child.name, child.read_bytes()))

    walk(root, Path())
    clashes = [rel for rel, _ in files if (directory / rel).exists()]
    if clashes:
        raise ProjectUsageError(f"{directory / clashes[0]} already exists; init never overwrites files")
    created = []
    for rel, data in files:
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        created.append(target)
    (directory / ".gitignore").write_text(f"/{BUILD_DIR}/\n", encoding="utf-8")
    created.append(directory / ".gitignore")
    return created
