"""Dates and numbers as each audience's style guide writes them.

``eu``: the EU Interinstitutional Style Guide (24 November 2026; one to nine in
words, 10 and above in figures; a no-break space between thousands: 3 000;
32 %; EUR 3 000). ``uk``: GOV.UK style (24 November 2026; 9,000; 50%; £75).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

STYLES = ("eu", "uk")
NBSP = "\u00a0"
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_CURRENCY = {"EUR": ("EUR" + NBSP, ""), "GBP": ("£", ""), "USD": ("USD" + NBSP, "")}


def format_date(value: dt.date, style: str) -> str:
    """'24 November 2026' in both styles (a masked edition date prints its mark: templating.dated)."""
    _check(style)
    if getattr(value, "masked", False):
        return str(value)
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _group(value: int | float | Decimal, style: str) -> str:
    text = f"{value:,}"
    whole, _, fraction = text.partition(".")
    if style == "eu":
        whole = whole.replace(",", NBSP)
    return f"{whole}.{fraction}" if fraction else whole


def format_number(value: int | float | Decimal, style: str, words: bool = True) -> str:
    """A number in running text: EU style writes one to nine as words."""
    _check(style)
    if style == "eu" and words and isinstance(value, int) and 0 <= value <= 9:
        return _WORDS[value]
    return _group(value, style)


def format_percent(value: int | float | Decimal, style: str) -> str:
    """'32 %' (EU) or '32%' (UK)."""
    _check(style)
    return _group(value, style) + (NBSP + "%" if style == "eu" else "%")


def format_money(value: int | float | Decimal, currency: str, style: str) -> str:
    """'EUR 3 000' (EU) or '£3,000' (UK)."""
    _check(style)
    if currency not in _CURRENCY:
        raise ValueError(f"unknown currency {currency!r}; expected one of {', '.join(_CURRENCY)}")
    prefix, suffix = _CURRENCY[currency]
    return prefix + _group(value, style) + suffix


def _check(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
