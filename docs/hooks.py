"""mkdocs hook: the repository's SECURITY.md is a page of the site (``security.md``), from the one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Pages the site takes from files outside docs/: site path to the file, from the repository root.
OUTSIDE = {"security.md": "SECURITY.md"}


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    root = Path(config["config_file_path"]).parent
    for page, source in OUTSIDE.items():
        files.append(File.generated(config, page, abs_src_path=str(root / source)))
    return files
