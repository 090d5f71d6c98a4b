"""Dates a template prints in the audience's style, and the edition date masked for comparisons.

A :class:`StyledDate` is a date: templates compare it, take its ``year``, pass it to the ``date``
filter; printed as it is, it reads '9 December 2026'. The spec's ``dates`` and the computed dates
(:mod:`briefgen.templating.currency`) reach templates as these.

A :class:`MaskedDate` stands for the edition date in the render whose text decides whether a brief
says anything new (:func:`briefgen.editions.record.fingerprint`): wherever the template prints it,
formatted or not, it prints :data:`EDITION_MARK`, so the edition date is left out of the comparison
by where it was printed, never by finding its text elsewhere ("1 December 2026" inside "11 December 2026").
"""

from __future__ import annotations

import datetime as dt

from briefgen.content.locale import DEFAULT_LANG
from briefgen.templating import styles

#: What the edition date prints as in a masked render: private-use characters no text can hold.
EDITION_MARK = "\ue002edition-date\ue003"


class StyledDate(dt.date):
    """A date that prints in its brief's style ('9 December 2026')."""

    style: str = "uk"
    lang: str = DEFAULT_LANG

    def __new__(cls, value: dt.date, style: str, lang: str = DEFAULT_LANG) -> StyledDate:
        made = super().__new__(cls, value.year, value.month, value.day)
        made.style = style
        made.lang = lang
        return made

    def __str__(self) -> str:
        return styles.format_date(self, self.style, self.lang)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else super().__format__(spec)


class MaskedDate(StyledDate):
    """The edition date in a render made only to compare content: it prints as :data:`EDITION_MARK`."""

    masked = True

    def __str__(self) -> str:
        return EDITION_MARK

    def isoformat(self) -> str:
        return EDITION_MARK

    def strftime(self, fmt: str) -> str:
        return EDITION_MARK


def styled(value: dt.date | None, style: str, lang: str = DEFAULT_LANG) -> StyledDate | None:
    return None if value is None else StyledDate(value, style, lang)
