"""Dates and numbers per audience, against the style guides' own examples."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.templating.styles import NBSP, format_date, format_money, format_number, format_percent


@pytest.mark.parametrize("style", ["eu", "uk"])
def test_date(style: str) -> None:
    assert format_date(dt.date(2026, 11, 24), style) == "24 November 2026"
    assert format_date(dt.date(2027, 2, 3), style) == "3 February 2027"


def test_eu_numbers() -> None:
    assert format_number(3, "eu") == "three"
    assert format_number(10, "eu") == "10"
    assert format_number(9000, "eu") == f"9{NBSP}000"
    assert format_percent(32, "eu") == f"32{NBSP}%"
    assert format_money(3000, "EUR", "eu") == f"EUR{NBSP}3{NBSP}000"


def test_uk_numbers() -> None:
    assert format_number(3, "uk") == "3"
    assert format_number(9000, "uk") == "9,000"
    assert format_percent(50, "uk") == "50%"
    assert format_money(75, "GBP", "uk") == "£75"
    assert format_money(3000, "GBP", "uk") == "£3,000"


def test_unknown_style_and_currency() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        format_number(1, "fr")
    with pytest.raises(ValueError, match="unknown currency"):
        format_money(1, "XYZ", "uk")
