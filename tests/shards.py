"""A project of six briefings for the tests of sharded builds (``build --shard K/N``, ``briefgen merge``).

Split four ways by id, the shards are uneven and one is empty: shard 1 builds nothing, shard 2 bravo and
delta, shard 3 alpha, charlie and echo, shard 4 example (the tests check this partition, so a change of
the hash shows at once).
"""

from __future__ import annotations

from pathlib import Path

from support import minimal_project, write

#: The briefings of each shard of four.
PARTITION = {1: [], 2: ["bravo", "delta"], 3: ["alpha", "charlie", "echo"], 4: ["example"]}
#: The briefings that show the fact ``watch-item`` (tagged "watch"): a change to it changes only these.
WATCHING = ("alpha", "delta")

WATCH_FACT = """
facts:
  - id: watch-item
    statement: {statement}
    kind: reported
    sources: [example-report]
    tags: [watch]
"""

TEMPLATE = """
# {{ brief.title }}

{{ brief.subtitle }} · {{ brief.date|date }}

{% include "partials/changes.md.j2" %}

## What has happened

{% for f in facts.tagged("example", kind="reported") %}
- {{ f }}
{% endfor %}
{% for f in facts.tagged("watch") %}
- {{ f }}
{% endfor %}

{% include "partials/notes.md.j2" %}
"""


def spec(bid: str) -> str:
    tags = "[example, watch]" if bid in WATCHING else "[example]"
    return (f"title: Brief {bid}\nsubtitle: One of six\naudience: {bid}-readers\ntemplate: six.md.j2\n"
            f"stylesheet: styles/example.css\nstyle: uk\ncitations: notes\ntags: {tags}\nceiling: TLP:CLEAR\n"
            "formats: [md, html, txt]\n")


def six_briefings(root: Path) -> Path:
    """The minimal project (its ``example`` briefing in Markdown and PDF) and five more briefings in
    Markdown, HTML and plain text."""
    minimal_project(root)
    files = {f"briefings/{bid}.yaml": spec(bid) for bid in ("alpha", "bravo", "charlie", "delta", "echo")}
    files["templates/six.md.j2"] = TEMPLATE
    files["facts/watch.yaml"] = WATCH_FACT.format(statement="A watchdog began a review of the policy.")
    return write(root, files)


def change_watched_fact(root: Path) -> None:
    write(root, {"facts/watch.yaml": WATCH_FACT.format(statement="The watchdog's review found no breach.")})
