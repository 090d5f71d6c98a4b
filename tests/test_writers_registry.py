"""Writers are registered once (name, extension, what they are made from, module); the build
stage dispatches on the registry, imports a writer only when its format is written, and takes its
options by name."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.options import Options
from briefgen.build.pipeline import Pipeline, output_path
from briefgen.content import project
from briefgen.content.model import FORMATS
from briefgen.writers import registry
from briefgen.writers.registry import WRITERS, Writer, writer

DAY = dt.date(2026, 11, 24)


def test_every_format_a_spec_may_name_has_one_writer() -> None:
    assert [w.name for w in WRITERS] == list(FORMATS)
    for w in WRITERS:
        assert callable(importlib.import_module(f"briefgen.writers.{w.module}").write), w
    assert writer("pdf").binary and writer("docx").binary and not writer("txt").binary
    assert [w.name for w in WRITERS if w.styled] == ["html", "pdf"]
    with pytest.raises(ValueError, match="unknown format rtf"):
        writer("rtf")


def test_a_new_format_is_one_module_and_one_registration(starter: Path, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    (tmp_path / "shout.py").write_text(
        "def write(rendered, markdown, tools):\n    return markdown.upper().encode()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(sys.modules, "briefgen.writers.shout", importlib.import_module("shout"))
    monkeypatch.setitem(registry._BY_NAME, "shout", Writer("shout", "SHOUT.txt", "markdown", binary=False,
                                                            module="shout"))
    loaded = project.load(starter)
    briefing = loaded.briefings["example"]
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(briefing, DAY)
    assert pipeline.output(rendered, "shout") == rendered.markdown.upper().encode()
    assert output_path(loaded, briefing, "shout").name == "example.SHOUT.txt"


def test_no_writer_library_is_imported_until_its_format_is_written() -> None:
    """Importing the registry and the pipeline keeps WeasyPrint (0.6 s) and python-docx out."""
    code = ("import sys, briefgen.build.pipeline, briefgen.writers.registry\n"
            "print(sorted(m for m in ('weasyprint', 'docx', 'pypdf') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_build_options_are_given_by_name() -> None:
    with pytest.raises(TypeError):
        Options(("example",), (), ("md",))  # type: ignore[call-arg]
    assert Options(ids=("example",), force=True).force
