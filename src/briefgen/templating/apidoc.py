"""The template API page (``docs/template-api.md``), made from the objects templates see.

Each object's section is its class docstring and a table of its members: every public property and method,
with what it gives (from its annotation, in a reader's words) and its docstring. The template globals and
the ``brief`` keys are listed here once, with the code that hands them out; ``tests/test_docs_template_api.py``
fails when a global, a ``brief`` key or a member is missing from the page, or undocumented, or when the page
is out of step. ``python -m briefgen.templating.apidoc`` (run by ``make golden``) rewrites the page.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from briefgen.templating import environment, ours
from briefgen.templating.changes_view import ChangedFact, ChangesView, WithdrawnFact
from briefgen.templating.marking_view import Marking
from briefgen.templating.ours import OURS_KINDS
from briefgen.templating.source_ref import SourceRef
from briefgen.templating.template_api import FactList, FactRef, FactSet, RenderContext, SourceList

#: The page, from the repository root.
PAGE = "docs/template-api.md"

#: Each template global: how a template writes it, and where its description comes from (a function or
#: class whose docstring it is, or the text itself).
GLOBALS: dict[str, tuple[str, Callable[..., object] | type | str]] = {
    "fact": ('fact("id")', RenderContext.fact),
    "facts": ("facts", FactSet),
    "sources": ("sources()", RenderContext.cited_sources),
    "source_line": ('source_line(label="Source")', RenderContext.source_line),
    "changes": ("changes", ChangesView),
    "brief": ("brief", "The briefing, its dates and conventions, and values computed from what it draws on: "
                       "see [brief](#brief) below."),
    "ours": ('{% call ours("kind") %}...{% endcall %}', "The team's own words: a recommendation, a line to take, "
             "what we ask...; prints its body unchanged and records it as ours, not a source's: see "
             "[ours](#ours-the-teams-own-words) below."),
    "likelihoods": ("likelihoods", "The settings' probability yardstick (`yardstick:` in briefgen.yaml; PHIA by "
                                   "default): each term (`remote chance` ... `almost certain`) to its range, e.g. "
                                   "`likelihoods[\"likely\"]` is 55-75%."),
    "t": ('t("key", name=value)', RenderContext.phrase),
}

#: Each key of the ``brief`` global, and what it holds.
BRIEF_KEYS: dict[str, str] = {
    "id": "The briefing's id: its spec's file name, and for a matrix instance its values after it "
          "(`sectors--finance`).",
    "title": "The spec's title.",
    "subtitle": "The spec's subtitle (None without one).",
    "short_title": "The spec's `short_title`, else its title.",
    "audience": "The audience id that picks each fact's wording.",
    "author": "Who issues the brief: the spec's `author`, else the settings' (None without either).",
    "date": "The edition date; print it with `brief.date|date`.",
    "style": "`uk` or `eu`: how dates and numbers are printed.",
    "lang": "The brief's language, a BCP 47 tag (`en-GB` unless the spec or settings say `lang:`): dates, numbers, "
            "quotation marks and briefgen's fixed phrases follow it.",
    "marking": "The brief's marking, computed from everything it read (a [marking](#a-marking)): "
               "compare it as text, `brief.marking == \"TLP:CLEAR\"`.",
    "ceiling": "The highest marking this brief's reader may see (a [marking](#a-marking)).",
    "header": "None without `header:` in the spec; else `.to`, `.from.unit`, `.from.name`, `.from.email`, "
              "`.purpose` (decision or information), `.purpose_label` (\"For decision\"), `.decision_by`, "
              "`.reference`, `.clearance.by`, `.clearance.date`, `.meeting.what`, `.meeting.when`, "
              "`.meeting.where`, `.meeting.time`: each None when not given.",
    "organisation": "The sender's organisation: the header's, else the settings' (None without either).",
    "contact": "The brief's sender: `.name`, `.email`, `.unit` (the header's, else the settings' contact).",
    "logo": "The settings' logo (None without one): `.src`, ready for "
            "`![{{ brief.logo.alt }}](<{{ brief.logo.src }}>)`, and `.alt`.",
    "numbered_paragraphs": "Whether the spec numbers its paragraphs.",
    "dates": "The spec's `dates:`, by name (`brief.dates.meeting`): each printed in the audience's style, "
             "still a date for `|date`, comparisons and `.year`.",
    "params": "A matrix instance's parameters, by name (`brief.params.sector` is `finance` in "
              "`sectors--finance`): each a lowercase id; empty for a briefing without a `matrix:`.",
    "sources_used": "How many sources the facts the brief uses draw on.",
    "sources_undated": "Of them, how many have no publication date.",
    "sources_unattributed": "Of them, how many have no publisher.",
    "newest_source": "The publication date of the newest dated source the brief draws on (None when none).",
    "oldest_source": "The publication date of the oldest dated source the brief draws on (None when none).",
    "next_review": "The earliest `review_by`, on or after the edition date, of the facts the brief uses "
                   "(None when none).",
}

#: The objects a template is handed, each under the heading of its section.
OBJECTS: dict[str, type] = {
    'A fact: fact("id")': FactRef,
    "The facts: facts": FactSet,
    "A list of facts": FactList,
    "A source": SourceRef,
    "A fact's sources": SourceList,
    "What changed: changes": ChangesView,
    "A changed fact": ChangedFact,
    "A withdrawn fact": WithdrawnFact,
    "A marking": Marking,
}

#: A reStructuredText cross-reference in a docstring, e.g. :mod:`briefgen.checks.claims`.
ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")

#: Public methods of the tracing machinery, not for templates (the sandbox hands them out like any other).
INTERNAL = frozenset({"flow_keys", "with_keys"})

#: What each annotated type is, in a template author's words.
TYPE_WORDS = {
    "Traced": "text", "TracedMarkdown": "Markdown text", "TracedList": "list of text", "FactList": "list of facts",
    "SourceList": "list of sources", "SourceRef": "source", "list[SourceRef]": "list of sources",
    "dt.date": "date", "Marking": "marking", "bool": "true or false", "int": "number", "Markdown": "Markdown text",
    "FactRef": "fact", "None": "None", "str": "text",
}

HEAD = """# Template API

Templates are Jinja, run in a sandbox, and see only the objects below. Everything they print from a fact,
a source or a spec is literal text: it can never become Markdown, HTML or template code. Only facts that
passed the briefing's ceiling exist here at all. Reading any of a fact's or source's data (printing it, any
attribute, a test in `{% if %}`, the length of a list of facts) marks the brief with its marking; looking a
fact up without reading it does not (see [Writing templates](writing-templates.md#what-marks-a-brief)).

This page is generated from the code by `make golden` (`python -m briefgen.templating.apidoc`): the
descriptions are the docstrings of the objects templates are handed. A test keeps it in step.
"""


def page() -> str:
    """The whole page, in a fixed order."""
    parts = [HEAD, "## Globals\n", _table(("in a template", "what it is"), _globals())]
    parts += ["## brief\n", "`brief.<key>`, e.g. `{{ brief.title }}`.\n",
              _table(("key", "what it holds"), ((f"`brief.{k}`", _paragraph(v)) for k, v in BRIEF_KEYS.items()))]
    for heading, cls in OBJECTS.items():
        parts += [f"## {heading}\n", _paragraph(_doc(cls)) + "\n"]
        members = list(_members(cls))
        if members:
            parts.append(_table(("member", "gives", "what it is"), members))
    parts += ["## ours: the team's own words\n", _paragraph(_doc(ours)) + "\n",
              _table(("kind", "for"), ((f'`ours("{k}")`', v) for k, v in OURS_KINDS.items()))]
    parts += ["## Filters\n", "Besides Jinja's own filters:\n", _table(("filter", "what it does"), _filters())]
    return "\n".join(parts)


def _globals() -> Iterator[tuple[str, str]]:
    for shown, described in GLOBALS.values():
        yield f"`{shown}`", _paragraph(described if isinstance(described, str) else _doc(described))


def _members(cls: type) -> Iterator[tuple[str, str, str]]:
    """Each public property and method ``cls`` defines, in source order: name, what it gives, docstring."""
    for name, member in vars(cls).items():
        if name.startswith("_") or name in INTERNAL:
            continue
        if isinstance(member, property) and member.fget is not None:
            yield f"`.{name}`", _words(member.fget), _paragraph(_doc(member.fget))
        elif inspect.isfunction(member):
            yield f"`.{name}{_signature(member)}`", _words(member), _paragraph(_doc(member))


def _signature(function: Callable[..., object]) -> str:
    """The call as a template writes it: the parameters without ``self`` and without annotations."""
    shown = []
    for p in list(inspect.signature(function).parameters.values())[1:]:
        prefix = "*" if p.kind is p.VAR_POSITIONAL else ""
        default = "" if p.default is p.empty else f"={p.default!r}"
        shown.append(f"{prefix}{p.name}{default}")
    return f"({', '.join(shown)})"


def _words(function: Callable[..., object]) -> str:
    """What ``function`` returns, in a reader's words; a KeyError names a type this page cannot describe."""
    annotation = str(inspect.signature(function).return_annotation)
    return " or ".join(TYPE_WORDS[part.strip()] for part in annotation.split("|"))


def _filters() -> Iterator[tuple[str, str]]:
    for _name, function in sorted(_own_filters().items()):
        doc = _doc(function)
        usage, _, rest = doc.partition(": ")
        yield _paragraph(usage), _paragraph(rest)


def _own_filters() -> dict[str, Callable[..., object]]:
    """The filters briefgen adds to Jinja's."""
    from jinja2.filters import FILTERS as DEFAULT_FILTERS

    env = environment.make_environment(Path(__file__).parent)
    return {name: f for name, f in env.filters.items() if name not in DEFAULT_FILTERS}


def _doc(thing: object) -> str:
    """The docstring of ``thing``, cleaned; a ValueError when it has none (the page would have a hole)."""
    doc = inspect.getdoc(thing)
    if not doc:
        raise ValueError(f"{getattr(thing, '__qualname__', thing)} has no docstring for the template API page")
    return doc


def _paragraph(text: str) -> str:
    """A docstring as one line of a table: its paragraphs joined, reStructuredText literals as Markdown code."""
    text = ROLE.sub(lambda m: f"`{m[1].rsplit('.', 1)[-1]}`", " ".join(text.split()))
    return text.replace("``", "`").replace("|", "\\|")


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(path: str = PAGE) -> None:
    target = Path(path)
    text = page()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:2])
