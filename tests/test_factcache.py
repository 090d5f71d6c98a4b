"""The validated fact base kept by ``build`` for cold runs: used only while its files are unchanged,
ignored when corrupt, never code. Counts of fact files parsed, never timings."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.content import factcache, yamlfile
from briefgen.content import project as project_mod
from support import build, write

HOUR = 3600 * 10**9


def _settle(root: Path) -> None:
    """Date every fact file an hour back, as files not edited during the run."""
    for path in (root / "facts").glob("*.yaml"):
        then = path.stat().st_mtime_ns - HOUR
        os.utime(path, ns=(then, then))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fact files parsed (yamlfile.load calls under facts/)."""
    seen: list[str] = []
    real = yamlfile.load

    def counting(path: Path, shown: str, *rest: object, **options: object) -> object:
        if shown.startswith("facts/"):
            seen.append(shown)
        return real(path, shown, *rest, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlfile, "load", counting)
    return seen


def test_a_cold_load_after_a_build_parses_no_fact_file(starter: Path, parsed: list[str]) -> None:
    _settle(starter)
    build(starter, formats=("md",))
    cache = starter / "build" / factcache.CACHE_FILE
    assert cache.is_file() and stat.S_IMODE(cache.stat().st_mode) == 0o600
    parsed.clear()
    cached = project_mod.load(starter)
    assert parsed == []
    assert cached.facts == project_mod.load(starter.parent / starter.name).facts


def test_an_edited_fact_file_is_read_again(starter: Path, parsed: list[str]) -> None:
    _settle(starter)
    build(starter, formats=("md",))
    facts = starter / "facts/example.yaml"
    facts.write_text(facts.read_text().replace("new policy", "old policy"))  # the same size
    parsed.clear()
    loaded = project_mod.load(starter)
    assert sorted(parsed) == ["facts/example.yaml", "facts/sources.yaml"]
    assert any("old policy" in f.statement for f in loaded.facts.values())


def test_fresh_files_are_not_cached(starter: Path) -> None:
    """A file written in the last two seconds could be edited again within its clock tick."""
    (starter / "facts/example.yaml").touch()
    build(starter, formats=("md",))
    assert not (starter / "build" / factcache.CACHE_FILE).exists()


def test_changed_settings_ignore_the_cache(starter: Path, parsed: list[str]) -> None:
    _settle(starter)
    build(starter, formats=("md",))
    settings = starter / "briefgen.yaml"
    settings.write_text(settings.read_text().replace("Europe/London", "Asia/Tokyo"))
    parsed.clear()
    assert project_mod.load(starter).settings.timezone == "Asia/Tokyo"
    assert sorted(parsed) == ["facts/example.yaml", "facts/sources.yaml"]


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("data", [b"", b"\x80\x05garbage", pickle.dumps("a string"), pickle.dumps(_Boom())])
def test_a_bad_cache_is_ignored(starter: Path, parsed: list[str], data: bytes) -> None:
    _settle(starter)
    build(starter, formats=("md",))
    cache = starter / "build" / factcache.CACHE_FILE
    cache.write_bytes(data[:len(data) // 2] if data.startswith(b"\x80\x05g") else data)
    parsed.clear()
    loaded = project_mod.load(starter)
    assert parsed and "example-event" in loaded.facts


def test_render_and_check_never_write_the_cache(starter: Path) -> None:
    _settle(starter)
    code, _ = cli_run("render", "example", "--format", "md", "-p", str(starter))
    assert code == 0
    code, _ = cli_run("check", "-p", str(starter))
    assert not (starter / "build" / factcache.CACHE_FILE).exists()


def test_a_dry_run_writes_no_cache(starter: Path) -> None:
    _settle(starter)
    build(starter, dry_run=True)
    assert not (starter / "build" / factcache.CACHE_FILE).exists()


def cli_run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_the_cache_follows_the_facts_folder(starter: Path, parsed: list[str]) -> None:
    _settle(starter)
    build(starter, formats=("md",))
    write(starter, {"facts/more.yaml": "facts: []\n"})
    parsed.clear()
    project_mod.load(starter)
    assert sorted(parsed) == ["facts/example.yaml", "facts/more.yaml", "facts/sources.yaml"]
