"""Dates and numbers as each audience's style guide writes them, in the brief's language.

``eu``: the EU Interinstitutional Style Guide (24 November 2026; one to nine in
words, 10 and above in figures; a no-break space between thousands: 3 000;
32 %; EUR 3 000). ``uk``: GOV.UK style (24 November 2026; 9,000; 50%; £75).

Dates are Babel's in every language: '7 December 2026' in English (both style guides, en-US too), the
locale's long date elsewhere ('7 décembre 2026'). Numbers in English follow the style guides above
(Babel's en-GB data writes the ``uk`` style; the EU guide's spaces and words are our own); in other
languages they are the locale's own, from Babel (fr-FR: 3 000,5 with a narrow no-break space; 32 %;
3 000 €).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from briefgen.content.locale import DEFAULT_LANG, babel_locale, is_english

STYLES = ("eu", "uk")
NBSP = "\u00a0"
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_CURRENCY = {"EUR": ("EUR" + NBSP, ""), "GBP": ("£", ""), "USD": ("USD" + NBSP, "")}
#: The long date in English as both style guides write it ('7 December 2026', in en-US too); other languages
#: take their locale's long date from Babel ('7 décembre 2026', '7. Dezember 2026').
DATE_PATTERN = "d MMMM y"


def format_date(value: dt.date, style: str, lang: str = DEFAULT_LANG) -> str:
    """'24 November 2026' in both styles (a masked edition date prints its mark: templating.dated)."""
    _check(style)
    if getattr(value, "masked", False):
        return str(value)
    pattern = DATE_PATTERN if is_english(lang) else "long"
    return babel_dates.format_date(dt.date(value.year, value.month, value.day), pattern, locale=babel_locale(lang))


def _decimal(value: int | float | Decimal, lang: str) -> str:
    """Grouped digits and a decimal separator as the language writes them; every digit given is kept."""
    return babel_numbers.format_decimal(value, locale=babel_locale(lang), decimal_quantization=False)


def _group(value: int | float | Decimal, style: str, lang: str) -> str:
    if not is_english(lang):
        return _decimal(value, lang)
    text = _decimal(value, "en-GB")
    return text.replace(",", NBSP) if style == "eu" else text


def format_number(value: int | float | Decimal, style: str, words: bool = True, lang: str = DEFAULT_LANG) -> str:
    """A number in running text: EU style writes one to nine as words (in English)."""
    _check(style)
    if style == "eu" and words and is_english(lang) and isinstance(value, int) and 0 <= value <= 9:
        return _WORDS[value]
    return _group(value, style, lang)


def format_percent(value: int | float | Decimal, style: str, lang: str = DEFAULT_LANG) -> str:
    """'32 %' (EU) or '32%' (UK) in English; the language's own way elsewhere ('32 %' in French)."""
    _check(style)
    if not is_english(lang):
        share = Decimal(str(value)) / 100
        return babel_numbers.format_percent(share, locale=babel_locale(lang), decimal_quantization=False)
    return _group(value, style, lang) + (NBSP + "%" if style == "eu" else "%")


def format_money(value: int | float | Decimal, currency: str, style: str, lang: str = DEFAULT_LANG) -> str:
    """'EUR 3 000' (EU) or '£3,000' (UK) in English; the language's own way elsewhere ('3 000 €')."""
    _check(style)
    if currency not in _CURRENCY:
        raise ValueError(f"unknown currency {currency!r}; expected one of {', '.join(_CURRENCY)}")
    if not is_english(lang):
        locale = babel_locale(lang)
        pattern = locale.currency_formats["standard"].pattern
        if Decimal(str(value)) == Decimal(str(value)).to_integral_value():  # whole amounts without ",00"
            pattern = re.sub(r"\.0+", "", pattern)
        return babel_numbers.format_currency(value, currency, pattern, locale=locale, currency_digits=False,
                                             decimal_quantization=False)
    prefix, suffix = _CURRENCY[currency]
    return prefix + _group(value, style, lang) + suffix


def _check(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
