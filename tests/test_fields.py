"""Each field declared once: the model, the field lists, the JSON Schema and the README tables agree."""

from __future__ import annotations

import datetime as dt

from briefgen.content.changes import fact_record, source_details
from briefgen.content.model import Source


def test_edition_hashes_do_not_depend_on_the_order_fields_are_declared_in() -> None:
    # Published manifests keep this hash: reordering Source's fields must not change it.
    source = Source(id="s", title="T", retrieved=dt.date(2026, 11, 24), short="S", publisher="P",
                    url="https://example.org/", note="N", path="facts/a.yaml", line=3)
    record = fact_record("Text.", "reported", None, ["s"], [source_details(source)], "TLP:CLEAR", None, "Text.")
    assert (record["hash"], record["content_hash"]) == ("d028d28128f76a61", "8b17c0b75717cdde")
