"""``briefgen new briefing ID --audience NAME``: a spec, and (when the audience has none yet) a template and
a stylesheet, on the starter kit's pattern, that build as they stand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from briefgen.content.fields import SLUG_RE
from briefgen.exceptions import ProjectUsageError
from briefgen.layout import Layout

PARTIALS = ("title", "changes", "notes")

_TEMPLATE = """{title}
{changes}
## What has happened

{{% for f in facts.all() if f.kind not in ("assessment", "forecast", "analysis") %}}
- {{{{ f }}}}
{{% endfor %}}

## Our assessment

{{% for f in facts.all() if f.kind in ("assessment", "forecast", "analysis") %}}
- {{{{ f }}}}
{{% endfor %}}

## Sources

{notes}"""

_STYLESHEET = """/* {audience}: the house sheet, then what this audience changes: a title band and heading colour. */
@import "base.css";

main > h1:first-child {{ margin: 0; padding: 9pt 12pt; background: #1d3557; color: #fff; font-size: 18pt; }}
main > h1:first-child + p {{ margin: 0 0 8pt; padding: 4pt 12pt; background: #e8edf3; }}
h2 {{ color: #1d3557; }}
"""

_PLAIN_STYLESHEET = """/* {audience}. */
html {{ font: 12pt/1.45 sans-serif; color: #1b1b1b; }}
header .marking {{ string-set: marking content(); }}
.marking {{ font-weight: bold; text-align: center; }}
@page {{ size: A4; margin: 20mm; @top-center {{ content: string(marking); font: bold 12pt sans-serif; }} }}
"""

_SPEC = """# Written by `briefgen new briefing`: edit the title, what it draws (tags or facts) and its ceiling.
title: {title}
subtitle: A brief for the {audience} audience
short_title: {title}
audience: {audience}
template: {template}
stylesheet: {stylesheet}
style: uk
citations: notes
{draws}
ceiling: TLP:CLEAR
"""


def check_slug(kind: str, value: str) -> None:
    if not SLUG_RE.match(value):
        raise ProjectUsageError(f"{kind} {value!r} is not a valid id: expected lowercase letters, digits and "
                                "hyphens, starting with a letter or digit (e.g. uk-sme)")


def new_briefing(root: Path, bid: str, audience: str) -> list[tuple[Path, str]]:
    """Write the spec (and the audience's template and stylesheet when it has none); what was written and
    what was reused, each as (path, 'created' or 'kept')."""
    check_slug("briefing", bid)
    check_slug("audience", audience)
    layout = Layout(root)
    spec = layout.briefings / f"{bid}.yaml"
    if spec.exists() or spec.is_symlink():
        raise ProjectUsageError(f"{spec} already exists; new never overwrites files")
    template = layout.templates / f"{audience}.md.j2"
    stylesheet = layout.templates / "styles" / f"{audience}.css"
    title = bid.replace("-", " ").capitalize()
    done = [(_write(template, lambda: _template(layout)), template),
            (_write(stylesheet, lambda: _stylesheet(layout, audience)), stylesheet),
            (_write(spec, lambda: _SPEC.format(title=title, audience=audience, template=template.name,
                                              stylesheet=f"styles/{stylesheet.name}", draws=_draws(layout))), spec)]
    return [(path, status) for status, path in done]


def _write(path: Path, text: Any) -> str:
    if path.exists() or path.is_symlink():
        return "kept"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(text())
    return "created"


def _template(layout: Layout) -> str:
    have = {name: (layout.templates / "partials" / f"{name}.md.j2").is_file() for name in PARTIALS}
    title = ('{% include "partials/title.md.j2" %}' if have["title"] else
             "# {{ brief.title }}\n\n{{ brief.date|date }}\n")
    changes = '{% include "partials/changes.md.j2" %}\n' if have["changes"] else ""
    notes = ('{% include "partials/notes.md.j2" %}\n' if have["notes"] else
             "{% for s in sources() %}\n[^{{ s.number }}]: {{ s.citation }}\n{% endfor %}\n")
    return _TEMPLATE.format(title=title, changes=changes, notes=notes)


def _stylesheet(layout: Layout, audience: str) -> str:
    base = (layout.templates / "styles" / "base.css").is_file()
    return (_STYLESHEET if base else _PLAIN_STYLESHEET).format(audience=audience)


def _draws(layout: Layout) -> str:
    """Every tag the fact base uses (read loosely: `check` reports what is wrong with the files)."""
    tags: set[str] = set()
    for path in layout.fact_files():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        facts = data.get("facts") if isinstance(data, dict) else None
        for fact in facts if isinstance(facts, list) else []:
            found = fact.get("tags") if isinstance(fact, dict) else None
            tags.update(t for t in found or [] if isinstance(t, str) and SLUG_RE.match(t))
    if not tags:
        return "facts: []  # add the ids of the facts it draws, or `tags:`"
    return f"tags: [{', '.join(sorted(tags))}]  # every tag in the fact base: keep those this brief needs"
