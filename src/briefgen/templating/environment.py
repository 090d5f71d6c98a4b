"""The sandboxed Jinja environment templates run in: loader confined to templates/, filters, escaping,
and limits on what a template may compute (see :mod:`briefgen.templating.limits`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.content.paths import confined
from briefgen.templating import limits, styles
from briefgen.templating.mdtext import escape
from briefgen.templating.sandbox import LimitedSandbox
from briefgen.templating.undefined import HintedUndefined


class _ProjectLoader(jinja2.FileSystemLoader):
    """Loads templates only from the project's templates folder (itself inside the project), never
    through a link out of it."""

    def __init__(self, templates: Path) -> None:
        self.root = confined(templates)
        super().__init__(str(templates))

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(f"{template} (it leads outside templates/)")
        return source, filename, uptodate


def _finalize(value: object) -> str:
    """Every printed value: literal text in Markdown, counted against the output limit."""
    return limits.printed(escape(value))


def _style(ctx: jinja2.runtime.Context) -> str:
    return str(ctx["brief"]["style"])


def _lang(ctx: jinja2.runtime.Context) -> str:
    return str(ctx["brief"]["lang"])


@jinja2.pass_context
def _date(ctx: jinja2.runtime.Context, value: dt.date) -> str:
    """``value|date``: a date in the briefing's style and language: '9 December 2026' (uk and eu alike),
    '9 décembre 2026' (fr)."""
    return styles.format_date(value, _style(ctx), _lang(ctx))


@jinja2.pass_context
def _number(ctx: jinja2.runtime.Context, value: int | float) -> str:
    """``value|number``: a number in the briefing's style: 9,000 (uk) or 9 000 (eu); in another language, its
    own way (fr: 9 000,5)."""
    return styles.format_number(value, _style(ctx), lang=_lang(ctx))


@jinja2.pass_context
def _percent(ctx: jinja2.runtime.Context, value: int | float) -> str:
    """``value|percent``: a percentage in the briefing's style: 50% (uk) or 50 % (eu); fr: 50 %."""
    return styles.format_percent(value, _style(ctx), _lang(ctx))


@jinja2.pass_context
def _money(ctx: jinja2.runtime.Context, value: int | float, currency: str) -> str:
    """``value|money("GBP")``: an amount in the briefing's style: £75 (uk) or EUR 75 (eu); fr: 75 €."""
    return styles.format_money(value, currency, _style(ctx), _lang(ctx))


def make_environment(templates: Path) -> ImmutableSandboxedEnvironment:
    """The one Jinja environment a process uses for a project's templates. Raises a
    ValidationError when templates/ leads outside the project."""
    env = LimitedSandbox(
        loader=_ProjectLoader(templates),
        undefined=HintedUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(date=_date, number=_number, percent=_percent, money=_money)
    return env
