"""Each field declared once: the model, the field lists, the JSON Schema and the README tables agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from briefgen.content import yamlfile
from briefgen.content.changes import fact_record, source_details
from briefgen.content.fields import check_record, check_values, declared, json_schema, model_values, record_fields
from briefgen.content.fieldtables import MARKER, PAGE, records, refreshed, table
from briefgen.content.model import Briefing, Fact, Settings, Source
from briefgen.content.schema import schemas
from briefgen.exceptions import Problem


def test_edition_hashes_do_not_depend_on_the_order_fields_are_declared_in() -> None:
    # Published manifests keep this hash: reordering Source's fields must not change it.
    source = Source(id="s", title="T", retrieved=dt.date(2026, 11, 24), short="S", publisher="P",
                    url="https://example.org/", note="N", path="facts/a.yaml", line=3)
    record = fact_record("Text.", "reported", None, ["s"], [source_details(source)], "TLP:CLEAR", None, "Text.")
    assert (record["hash"], record["content_hash"]) == ("d028d28128f76a61", "8b17c0b75717cdde")


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Part:
    code: str = dataclasses.field(metadata=declared("slug", "Its code."))
    size: int = dataclasses.field(default=3, metadata=declared("int", "Its size."))


def _even(value: int) -> str | None:
    return None if value % 2 == 0 else f"expected an even number, found {value}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Thing:
    kind: str = dataclasses.field(metadata=declared("choice", "Its kind.", required=True, choices=("a", "b")))
    count: int = dataclasses.field(default=2, metadata=declared("int", "How many.", check=_even))
    part: _Part | None = dataclasses.field(default=None, metadata=declared(
        "record", "A part.", name="from", of=_Part, only=("code",), needs=("code",)))
    size: int = dataclasses.field(default=0, metadata=declared(
        "int", "Its size.", old_names=(("bigness", "Old name for 'size'."),)))
    path: str = ""  # not declared: the loader's own


def test_one_declaration_gives_the_field_list_the_schema_and_the_table() -> None:
    fields = record_fields(_Thing)
    assert [(f.name, f.attr, f.required, f.default) for f in fields] == [
        ("kind", "kind", True, None), ("count", "count", False, 2), ("from", "part", False, None),
        ("size", "size", False, 0), ("bigness", "size", False, None)]
    assert [(f.name, f.required) for f in fields[2].record] == [("code", True)]
    schema = json_schema(fields, "thing")
    assert schema["required"] == ["kind"] and list(schema["properties"]) == ["kind", "count", "from", "size", "bigness"]
    assert schema["properties"]["from"]["properties"] == {
        "code": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Its code."}}
    assert schema["properties"]["kind"] == {"enum": ["a", "b"], "description": "Its kind."}
    rows = table(fields).splitlines()
    assert rows[2] == "| `kind` | one of `a`, `b` | yes |  | Its kind. |"
    assert rows[3] == "| `count` | whole number |  | `2` | How many. |"


def test_declared_checks_and_names_reach_validation_and_the_model() -> None:
    data, _ = yamlfile.parse("kind: a\ncount: 3\nsize: 5\n", "t.yaml")
    values, problems = check_record(data, record_fields(_Thing), "t.yaml", "a thing", 1)
    assert problems == []
    assert check_values(values, record_fields(_Thing), "t.yaml", data) == [
        Problem("t.yaml", 2, "count", "expected an even number, found 3")]
    assert _Thing(**model_values({"kind": "a", "bigness": 4}, record_fields(_Thing))) == _Thing(kind="a", size=4)
    _, problems = check_record(yamlfile.parse("kind: c\nfrom: {size: 1}\n", "t.yaml")[0], record_fields(_Thing),
                               "t.yaml", "a thing", 1)
    assert [p.field for p in problems] == ["kind"]  # the nested record is checked by its loader


def test_every_record_of_the_model_is_declared_and_reaches_the_schema() -> None:
    printed = schemas()
    assert list(printed["fact-file"]["properties"]["facts"]["items"]["properties"]) == [
        f.name for f in record_fields(Fact)]
    assert list(printed["briefing"]["properties"]["header"]["properties"]["from"]["properties"]) == [
        "unit", "organisation", "name", "email"]
    assert printed["settings"]["properties"]["contact"]["required"] == ["name", "email"]
    for model in (Source, Fact, Briefing, Settings):
        attrs = {f.attr for f in record_fields(model)}
        undeclared = {f.name for f in dataclasses.fields(model)} - attrs
        # the loader's own: positions, and what it works out (a matrix instance's params and spec)
        assert undeclared <= {"id", "path", "line", "field_lines", "declared", "params", "matrix_of"}, \
            (model, undeclared)


def test_documented_field_tables_follow_the_declarations() -> None:
    readme = (Path(__file__).parent.parent / PAGE).read_text(encoding="utf-8")
    marked = [m["name"] for m in MARKER.finditer(readme)]
    assert sorted(marked) == sorted(name for name, _ in records())
    assert refreshed(readme) == readme, f"the field tables in {PAGE} are out of date: run `make golden`"
