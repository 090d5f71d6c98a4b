"""Where ``briefgen render -o`` may write: anywhere but over what briefgen keeps or reads.

A published edition is a record, build/ is briefgen's own, and the project's content is its input:
``render -o editions/uk-sme/2026-12-01/uk-sme.md`` would rewrite history, ``-o templates/x.md.j2`` a
template. Paths are compared after resolving links, so a link into one of them is refused too.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.content.project import Project
from briefgen.editions.folder import root_of
from briefgen.exceptions import ProjectUsageError, relpath


def refuse_kept(project: Project, output: Path) -> None:
    """Raise a usage error when ``output`` is inside build/, the editions folder or the content."""
    target = output.resolve()
    layout = project.layout
    kept = [(project.build_dir, "the build folder"),
            (root_of(project.root, project.settings.editions), "the published editions"),
            (layout.facts, "the fact base"), (layout.briefings, "the briefings"), (project.templates, "the templates"),
            (project.assets, "the assets"), (layout.settings, "the project's settings")]
    for folder, what in kept:
        if target == folder.resolve() or target.is_relative_to(folder.resolve()):
            raise ProjectUsageError(f"-o: refused to write {output}: it is inside {what} "
                                    f"({relpath(folder, project.root)}), which render never overwrites; "
                                    "choose a file outside build/, the editions folder and the project's content")
