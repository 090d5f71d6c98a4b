"""A cold PDF: importing the PDF writer leaves fontTools' subsetter and variable-font instancer unloaded
until WeasyPrint uses them (it subsets with HarfBuzz where libharfbuzz-subset is installed), and each
still works when it is used."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_importing_the_pdf_writer_loads_neither_subsetter_nor_instancer() -> None:
    out = _run(
        "import sys, briefgen.writers.pdf\n"
        "print(sorted(m for m in sys.modules if m.startswith(('fontTools.subset.', 'fontTools.varLib'))))\n"
    )
    assert out == "[]"


def test_the_deferred_modules_work_when_used() -> None:
    out = _run(
        "import briefgen.writers.pdf\n"
        "import weasyprint.pdf.fonts as fonts\n"
        "from fontTools.varLib import instancer\n"
        "print(fonts.subset.Subsetter.__name__, callable(instancer.instantiateVariableFont),\n"
        "      fonts.instantiateVariableFont.__name__)\n"
    )
    assert out == "Subsetter True _instantiate_variable_font"


def test_the_instancer_stand_in_calls_the_real_function() -> None:
    out = _run(
        "import briefgen.writers.pdf, unittest.mock\n"
        "import weasyprint.pdf.fonts as fonts\n"
        "with unittest.mock.patch('fontTools.varLib.instancer.instantiateVariableFont', lambda *a, **k: (a, k)):\n"
        "    print(fonts.instantiateVariableFont('font', {'wght': 700}, static=True))\n"
    )
    assert out == "(('font', {'wght': 700}), {'static': True})"
