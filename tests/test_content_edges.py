"""Content loading at its edges: huge reasoning graphs, control characters, files that are not
files, and the messages a user sees when something is wrong."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.content import project
from support import REPO, problems, write


def _fact(i: int, bases: list[int], marking: str | None = None) -> str:
    """One fact in flow style: a base fact when ``bases`` is empty, else an assessment resting on them."""
    extra = f", marking: '{marking}'" if marking else ""
    if not bases:
        return f"  - {{id: f{i}, statement: Base {i}., kind: reported, sources: [example-report]{extra}}}\n"
    based_on = ", ".join(f"f{b}" for b in bases)
    return (f"  - {{id: f{i}, statement: We assess it is likely that {i} holds., kind: assessment, "
            f"likelihood: likely, based_on: [{based_on}]{extra}}}\n")


def _timed_load(root: Path) -> tuple[project.Project, float]:
    """Load ``root``; return the project and the CPU seconds it took (printed with the wall time).

    CPU time, not wall time: a shared machine running other jobs stretches wall time several
    times over, while an exponential or quadratic walk shows in either."""
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = project.load(root)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"loaded {len(loaded.facts)} facts in {wall:.3f} s ({cpu:.3f} s of CPU)")
    return loaded, cpu


# --- based_on graphs --------------------------------------------------------------------------------

def test_long_chain_loads_without_recursion(starter: Path) -> None:
    """10,000 facts each based on the one before: 1,200 raised RecursionError before."""
    n = 10_000
    write(starter, {"facts/chain.yaml": "facts:\n" + "".join(
        _fact(i, [i - 1] if i else [], "TLP:AMBER" if i == 0 else None) for i in range(n))})
    loaded, seconds = _timed_load(starter)
    assert loaded.facts[f"f{n - 1}"].markings == {"tlp": "TLP:AMBER"}  # carried up the whole chain
    # The issue asks for under a second; 5 s keeps a slow shared CI machine from failing the test.
    assert seconds < 5


def test_ladder_loads_in_linear_time(starter: Path) -> None:
    """Each fact based on the two before it: the paths double at every rung (44 facts took 7 s)."""
    n = 1_000
    write(starter, {"facts/ladder.yaml": "facts:\n" + "".join(
        _fact(i, [j for j in (i - 1, i - 2) if j >= 0], "TLP:GREEN" if i == 1 else None) for i in range(n))})
    loaded, seconds = _timed_load(starter)
    assert loaded.facts["f0"].markings == {"tlp": "TLP:CLEAR"}
    assert loaded.facts["f2"].markings == {"tlp": "TLP:GREEN"}
    assert loaded.facts[f"f{n - 1}"].markings == {"tlp": "TLP:GREEN"}
    # The issue asks for under a second; 5 s keeps a slow shared CI machine from failing the test.
    assert seconds < 5


def test_cycles_reported_once_each_with_location_and_members(starter: Path) -> None:
    write(starter, {"facts/circle.yaml": """
        facts:
          - id: a
            statement: We assess it is likely that a.
            kind: assessment
            likelihood: likely
            based_on: [example-event, b]
          - id: b
            statement: We assess it is likely that b.
            kind: assessment
            likelihood: likely
            based_on: [c]
          - id: c
            statement: We assess it is likely that c.
            kind: assessment
            likelihood: likely
            based_on: [a]
          - id: self
            statement: We assess it is likely that self.
            kind: assessment
            likelihood: likely
            based_on: [self]
          - id: downstream
            statement: We assess it is likely that downstream.
            kind: assessment
            likelihood: likely
            based_on: [a]
        """})
    assert problems(starter) == [
        "facts/circle.yaml:6: based_on: expected no circular reasoning, found a -> b -> c -> a "
        "(b at line 11, c at line 16)",
        "facts/circle.yaml:21: based_on: expected no circular reasoning, found self -> self",
    ]


def test_long_cycle_reported(starter: Path) -> None:
    n = 5_000
    write(starter, {"facts/loop.yaml": "facts:\n" + "".join(_fact(i, [(i + 1) % n]) for i in range(n))})
    found = problems(starter)
    assert len(found) == 1
    assert found[0].startswith("facts/loop.yaml:2: based_on: expected no circular reasoning, found f0 -> f1 -> ")
    assert found[0].endswith(f" -> ... -> f{n - 1} -> f0 (a circle of {n} facts)")
    assert len(found[0]) < 400


def test_cycle_across_files_names_the_other_file(starter: Path) -> None:
    write(starter, {
        "facts/one.yaml": "facts:\n" + _fact(1, [2]),
        "facts/two.yaml": "facts:\n" + _fact(2, [1]),
    })
    assert problems(starter) == [
        "facts/one.yaml:2: based_on: expected no circular reasoning, found f1 -> f2 -> f1 (f2 at facts/two.yaml:2)"
    ]


# --- control characters -------------------------------------------------------------------------------

def test_control_characters_in_text_refused_at_load_time(starter: Path) -> None:
    write(starter, {
        "facts/ctrl.yaml": r'''
            facts:
              - id: bell
                statement: "Ring \a the bell."
                kind: reported
                sources: [example-report]
                tags: [ok, "nul\0"]
                wording:
                  general: "\e[31mred"
              - id: csi
                statement: "C1 \x9b too."
                kind: reported
                sources: [example-report]
            ''',
        "briefings/ctrl.yaml": r'''
            title: "Escape \x1b in a title"
            audience: general
            template: example.md.j2
            stylesheet: styles/example.css
            tags: [example]
            ceiling: TLP:CLEAR
            ''',
    })
    # Every one is reported at once, each with its line and field.
    assert problems(starter) == [
        "briefings/ctrl.yaml:1: title: expected text without control characters, found U+001B at character 8",
        "facts/ctrl.yaml:3: statement: expected text without control characters, found U+0007 at character 6",
        "facts/ctrl.yaml:6: tags: expected text without control characters, found U+0000 at character 4",
        "facts/ctrl.yaml:8: wording.general: expected text without control characters, found U+001B at character 1",
        "facts/ctrl.yaml:10: statement: expected text without control characters, found U+009B at character 4",
    ]


def test_raw_control_character_reported_with_its_line(starter: Path) -> None:
    (starter / "facts/raw.yaml").write_text(
        "facts:\n  - id: raw\n    statement: Café, then \x1b, raw.\n    kind: reported\n", encoding="utf-8")
    (starter / "briefgen.yaml").write_text("timezone: Europe/London\nauthor: A\x07B\n", encoding="utf-8")
    assert problems(starter) == [
        "briefgen.yaml:2: expected text without control characters, found U+0007",
        "facts/raw.yaml:3: expected text without control characters, found U+001B",
    ]


def test_other_unprintable_characters_reported_with_their_line(starter: Path) -> None:
    (starter / "facts/odd.yaml").write_text("facts:\n\n  - id: odd\n    statement: x\ufffe\n", encoding="utf-8")
    (starter / "facts/surrogate.yaml").write_text('facts:\n  - id: s\n    statement: "\\ud800"\n',
                                                  encoding="utf-8")
    found = problems(starter)
    assert found[0] == "facts/odd.yaml:4: expected printable text, found U+FFFE"
    # libyaml refuses a lone surrogate as a bad escape; the pure-Python loader lets the guard catch it.
    assert len(found) == 2 and found[1].startswith("facts/surrogate.yaml:3: ")


def test_tabs_and_newlines_in_text_are_fine(starter: Path) -> None:
    write(starter, {"facts/tabs.yaml": (
        "facts:\n"
        "  - id: tabbed\n"
        "    statement: |\n"
        "      A first line\twith a tab,\n"
        "      and a second line.\n"
        "    kind: reported\n"
        "    sources: [example-report]\n"
        "  - id: escaped\n"
        '    statement: "Tab\\there,\\r\\nnew line."\n'
        "    kind: reported\n"
        "    sources: [example-report]\n"
    )})
    loaded = project.load(starter)
    assert loaded.facts["tabbed"].statement == "A first line with a tab, and a second line."
    assert loaded.facts["escaped"].statement == "Tab here, new line."


def test_control_characters_in_found_values_are_shown_escaped(starter: Path) -> None:
    """A message never prints a raw control character to the terminal."""
    write(starter, {"facts/k.yaml": 'facts:\n  - id: k\n    kind: "odd\\u202ekind"\n    statement: S.\n'})
    found = problems(starter)
    assert any("found 'odd\\u202ekind'" in p for p in found), found
    assert not any(ch in p for p in found for ch in "\u202e\x1b\x07")


# --- files that are not regular files -----------------------------------------------------------------

def _check(root: Path) -> subprocess.CompletedProcess[str]:
    """``briefgen check`` in a child process, killed after 60 s so that a hang fails instead of hanging."""
    return subprocess.run([sys.executable, "-m", "briefgen", "check", "--project", str(root), "--as-of", "2026-11-24"],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", ["facts/x.yaml", "briefings/x.yaml", "briefgen.yaml"])
def test_fifo_among_the_inputs_refused_without_hanging(starter: Path, name: str) -> None:
    target = starter / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    result = _check(starter)
    assert result.returncode == 1, result.stderr
    assert f"  {name}: expected a regular file, found a FIFO (named pipe)\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_socket_among_the_inputs_refused(starter: Path) -> None:
    path = starter / "facts/s.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(path))
        except OSError as exc:  # a socket path longer than the system allows
            pytest.skip(f"cannot bind a Unix socket at {path}: {exc}")
        assert problems(starter) == ["facts/s.yaml: expected a regular file, found a socket"]


def test_device_refused() -> None:
    from briefgen.content import yamlfile

    data, found = yamlfile.load(Path("/dev/null"), "facts/null.yaml")
    assert data is None
    assert [str(p) for p in found] == ["facts/null.yaml: expected a regular file, found a character device"]


def test_fifo_is_never_opened(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The type is checked before any open: opening a FIFO to read blocks, opening a device may act."""
    import builtins
    import io
    import threading

    fifo = starter / "facts/x.yaml"
    os.mkfifo(fifo)
    opened: list[str] = []

    def spying(real: Any) -> Any:
        def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, (str, os.PathLike)):
                opened.append(os.fspath(path))
            return real(path, *args, **kwargs)
        return spy

    monkeypatch.setattr(os, "open", spying(os.open))
    monkeypatch.setattr(io, "open", spying(io.open))
    monkeypatch.setattr(builtins, "open", spying(builtins.open))
    found: list[str] = []
    # In a daemon thread, so that a regression (an open that blocks) fails the test instead of hanging it.
    worker = threading.Thread(target=lambda: found.extend(problems(starter)), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "loading the project blocked on the FIFO"
    assert "facts/x.yaml: expected a regular file, found a FIFO (named pipe)" in found
    assert not [p for p in opened if Path(p).name == "x.yaml"]


# --- messages ------------------------------------------------------------------------------------------

def test_bad_list_item_is_named(starter: Path) -> None:
    write(starter, {"facts/m.yaml": """
        facts:
          - id: listy
            statement: S.
            kind: reported
            sources: [example-report]
            tags:
              - ok
              - Bad Tag
        """})
    assert problems(starter) == [
        "facts/m.yaml:8: tags: expected a list of lowercase ids, found 'Bad Tag' (item 2)"]
    write(starter, {"briefings/example.yaml": (starter / "briefings/example.yaml").read_text()
                    .replace("formats: [md, pdf]", "formats: [md, 42]")})
    (starter / "facts/m.yaml").unlink()
    assert problems(starter) == ["briefings/example.yaml:10: formats: expected a list of text, found 42 (item 2)"]


@pytest.mark.parametrize(("wording", "message"), [
    ("{UK SME: Text.}", "found 'UK SME', which is not an audience id (lowercase letters, digits, hyphens)"),
    ("{general: ''}", "found empty text for 'general'"),
    ("{general: [a, b]}", "found a list for 'general'"),
    ("{general: 3}", "found 3 for 'general'"),
    ("Just text.", "found 'Just text.'"),
])
def test_wording_says_what_inside_is_wrong(starter: Path, wording: str, message: str) -> None:
    write(starter, {"facts/w.yaml": f"""
        facts:
          - id: worded
            statement: Plain.
            kind: reported
            sources: [example-report]
            wording: {wording}
        """})
    assert problems(starter) == [f"facts/w.yaml:6: wording: expected a mapping of audience id to text, {message}"]


def test_unknown_source_says_where_sources_are_declared(starter: Path) -> None:
    write(starter, {"facts/s.yaml": """
        sources:
          - {id: second-report, title: Second, retrieved: 2026-01-01}
        facts:
          - id: typo
            statement: S.
            kind: reported
            sources: [example-reprot]
          - id: unlike
            statement: T.
            kind: reported
            sources: [zzz]
        """})
    assert problems(starter) == [
        "facts/s.yaml:7: sources: expected a source id declared under 'sources:' in facts/*.yaml (known: "
        "example-report, second-report), found 'example-reprot' (fact 'typo'); did you mean 'example-report'?",
        "facts/s.yaml:11: sources: expected a source id declared under 'sources:' in facts/*.yaml (known: "
        "example-report, second-report), found 'zzz' (fact 'unlike')",
    ]


def test_unknown_source_lists_a_few_known_ones(starter: Path) -> None:
    many = "".join(f"  - {{id: source-{i:02d}, title: T, retrieved: 2026-01-01}}\n" for i in range(30))
    write(starter, {"facts/s.yaml": "sources:\n" + many + "facts:\n"
                    "  - {id: typo, statement: S., kind: reported, sources: [sourse-07]}\n"})
    assert problems(starter) == [
        "facts/s.yaml:33: sources: expected a source id declared under 'sources:' in facts/*.yaml (known: "
        "example-report, source-00, source-01, source-02, source-03, source-04, source-05, source-06, "
        "source-07, source-08 and 21 more), found 'sourse-07' (fact 'typo'); did you mean 'source-07'?"]


def test_unknown_fact_suggests_a_close_one(starter: Path) -> None:
    write(starter, {"facts/f.yaml": """
        facts:
          - id: judgement
            statement: We assess it is likely that this holds.
            kind: assessment
            likelihood: likely
            based_on: [example-evnet]
        """})
    assert problems(starter) == ["facts/f.yaml:6: based_on: expected a known fact id, found 'example-evnet' "
                                 "(fact 'judgement'); did you mean 'example-event'?"]


SYNTAX_ERROR = "facts:\n  - id: x\n    statement: [unclosed\n"


def test_syntax_error_in_the_only_facts_file_is_one_problem(starter: Path) -> None:
    """The briefing's tags and the assessment's bases lived in the broken file: no second problem."""
    (starter / "facts/example.yaml").write_text(SYNTAX_ERROR)
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith("facts/example.yaml:4: invalid YAML"), found


def test_syntax_error_in_one_of_several_facts_files_is_one_problem(starter: Path) -> None:
    write(starter, {
        "facts/a.yaml": "sources:\n  - {id: other, title: T, retrieved: 2026-01-01}\nfacts:\n"
                        "  - {id: base, statement: S., kind: reported, sources: [other], tags: [t]\n",
        "facts/b.yaml": "facts:\n  - {id: on-base, statement: We assess it is likely., kind: assessment, "
                        "likelihood: likely, based_on: [base]}\n"
                        "  - {id: cites, statement: S., kind: reported, sources: [other]}\n",
        "briefings/more.yaml": "title: More\naudience: general\ntemplate: example.md.j2\n"
                               "stylesheet: styles/example.css\ntags: [t]\nfacts: [base]\nceiling: TLP:CLEAR\n",
    })
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith("facts/a.yaml:5: invalid YAML"), found


def test_facts_file_of_the_wrong_shape_is_one_problem(starter: Path) -> None:
    text = (starter / "facts/example.yaml").read_text()
    (starter / "facts/example.yaml").write_text(text.replace("facts:", "fact:"))
    assert problems(starter) == ["facts/example.yaml:1: expected a mapping with 'facts:' and/or 'sources:', "
                                 "found a mapping"]


def test_syntax_error_in_a_briefing_is_one_problem(starter: Path) -> None:
    """The fact's wording is for the broken briefing's audience: not reported as a typo."""
    write(starter, {
        "facts/w.yaml": "facts:\n  - {id: w, statement: S., kind: reported, sources: [example-report], "
                        "wording: {ministers: For ministers.}}\n",
        "briefings/ministers.yaml": "title: [unclosed\naudience: ministers\n",
    })
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith("briefings/ministers.yaml:2: invalid YAML"), found


def test_syntax_error_in_the_settings_is_one_problem(starter: Path) -> None:
    """Facts and briefings on a scale the broken settings declared, and a briefing relying on its formats."""
    write(starter, {
        "briefgen.yaml": "formats: [md]\nscales:\n  eu: [EU-PUBLIC, EU-LIMITE]\n  tlp: [TLP:CLEAR\n",
        "facts/eu.yaml": "facts:\n  - {id: eu, statement: S., kind: reported, sources: [example-report], "
                         "marking: EU-LIMITE, tags: [eu]}\n",
        "briefings/eu.yaml": "title: EU\naudience: general\ntemplate: example.md.j2\ntags: [eu]\n"
                             "ceiling: [TLP:CLEAR, EU-LIMITE]\n",
    })
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith("briefgen.yaml:5: invalid YAML"), found


def test_bad_scales_in_the_settings_is_one_problem(starter: Path) -> None:
    write(starter, {
        "briefgen.yaml": "scales:\n  eu: [EU-PUBLIC, EU-LIMITE]\n  tlp: [TLP:CLEAR, EU-LIMITE]\n",
        "facts/eu.yaml": "facts:\n  - {id: eu, statement: S., kind: reported, sources: [example-report], "
                         "marking: EU-LIMITE}\n",
    })
    assert problems(starter) == ["briefgen.yaml:1: scales: expected each marking level on one scale only, "
                                 "found 'EU-LIMITE' twice"]


# --- the YAML loader ------------------------------------------------------------------------------------

class _TextDates(yaml.SafeLoader):
    """PyYAML's own safe loader, keeping dates as text as ours does: the reference to compare with."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp",  # type: ignore[type-var]  # types-PyYAML: a subclass
                           yaml.SafeLoader.construct_yaml_str)


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each of the loader's parsers: libyaml's, and PyYAML's own where libyaml is missing."""
    from briefgen.content import yamlfile

    if request.param == "pure-python":
        monkeypatch.setattr(yamlfile, "_Loader", yamlfile._PyLoader)
    return str(request.param)


def test_loader_reads_the_real_content_as_pyyaml_does(loader: str) -> None:
    from briefgen.content import yamlfile

    files = sorted((REPO / "facts").glob("*.yaml")) + sorted((REPO / "briefings").glob("*.yaml"))
    assert files
    for path in [*files, REPO / "briefgen.yaml"]:
        text = path.read_text("utf-8")
        data, found = yamlfile.parse(text, path.name)
        assert not found
        assert data == yaml.load(text, Loader=_TextDates), path


_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20))
def test_loader_round_trips_any_data(data: object) -> None:
    from briefgen.content import yamlfile

    for style in (False, True, None):
        text = yaml.safe_dump({"data": data}, default_flow_style=style, allow_unicode=True)
        loaded, found = yamlfile.parse(text, "x.yaml")
        assert not found, (text, found)
        assert loaded == yaml.load(text, Loader=_TextDates)


def test_loader_keeps_lines(loader: str) -> None:
    from briefgen.content import yamlfile

    data, _ = yamlfile.parse("a: 1\nlist:\n  - x\n\n  - {k: v,\n     k2: w}\nlast:\n  deep: [1,\n    2]\n", "x.yaml")
    assert (data.line, data.lines) == (1, {"a": 1, "list": 2, "last": 7})
    assert data["list"].lines == [3, 5]
    assert data["list"][1].line == 5 and data["list"][1].lines == {"k": 5, "k2": 6}
    assert data["last"].lines == {"deep": 8} and data["last"]["deep"].lines == [8, 9]


@pytest.mark.parametrize(("text", "problem"), [
    ("a: &x 1\nb: *x\n", "x.yaml:2: YAML aliases (*name) are not allowed in content files"),
    ("a: " + "[" * 40 + "]" * 40 + "\n", "x.yaml:1: nesting deeper than 32 levels"),
    ("a: 1\na: 2\n", "x.yaml:2: duplicate key 'a'"),
    ("a: 1\n3: 2\n", "x.yaml:2: keys must be text, found 3"),
    ("? [a]\n: 1\n", "x.yaml:1: keys must be text, found a list"),
    ("a: 1\n---\nb: 2\n", "x.yaml:2: expected one YAML document, found a second ('---')"),
    ("a: !!set {x}\n", "x.yaml:1: expected a plain YAML mapping, found one tagged 'tag:yaml.org,2002:set'"),
    ("a: !custom x\n", "x.yaml:1: expected a plain YAML value, found one tagged '!custom'"),
    ("a:\n  b:\n    - \"\\a\"\n",
     "x.yaml:3: a.b: expected text without control characters, found U+0007 at character 1"),
    ("\"\\a\": 1\n", "x.yaml:1: expected text without control characters, found U+0007 at character 1"),
    ("a: b\nc: 1\x1b\n", "x.yaml:2: expected text without control characters, found U+001B"),
])
def test_loader_refusals(loader: str, text: str, problem: str) -> None:
    from briefgen.content import yamlfile

    data, found = yamlfile.parse(text, "x.yaml")
    assert data is None
    assert [str(p) for p in found] == [problem]


def test_loader_reports_a_bad_typed_value_with_its_line(loader: str) -> None:
    from briefgen.content import yamlfile

    data, found = yamlfile.parse("a: 1\nb: !!binary 'a'\n", "x.yaml")
    assert data is None and len(found) == 1
    assert str(found[0]).startswith("x.yaml:2: invalid YAML: failed to decode base64 data")


def test_a_colon_in_unquoted_text_gets_a_hint_to_quote_it(starter: Path) -> None:
    """PyYAML alone says "mapping values are not allowed in this context"; say what to do."""
    facts = starter / "facts/example.yaml"
    text = facts.read_text()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "statement:" in row)
    facts.write_text(text.replace("statement: ", "statement: Update: ", 1))
    found = problems(starter)
    assert len(found) == 1, found
    assert found[0].startswith(f"facts/example.yaml:{line}: invalid YAML: mapping values are not allowed"), found
    assert "a colon followed by a space starts a new field: quote the text, as statement: \"Update: ...\"" in found[0]
