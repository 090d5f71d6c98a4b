"""A brief's language: its BCP 47 tag (``lang:`` in a spec, default en-GB), checked, and the Babel locale
that formats its dates and numbers."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

#: The language of a brief that names none, and of the built-in phrases.
DEFAULT_LANG = "en-GB"

#: BCP 47 (RFC 5646) as briefs use it: a language, then an optional script, region and variants.
_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-(?:[a-zA-Z]{2}|\d{3}))?(-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*$")


def check_lang(value: str) -> str | None:
    """Why ``value`` is not a language tag Babel knows ('en-GB', 'fr-FR', 'fr'), or None."""
    if not _TAG.match(value):
        return f"expected a BCP 47 language tag such as en-GB or fr-FR, found '{value}'"
    from babel import UnknownLocaleError  # lazy: the no-op build path never loads Babel

    try:
        babel_locale(value)
    except (UnknownLocaleError, ValueError):
        return f"expected a language Babel has data for, such as en-GB or fr-FR, found '{value}'"
    return None


@functools.cache
def babel_locale(lang: str) -> Locale:
    """The Babel locale of a BCP 47 tag (raises UnknownLocaleError or ValueError for one it does not know)."""
    from babel import Locale  # lazy: the no-op build path never loads Babel

    return Locale.parse(lang, sep="-")


def is_english(lang: str) -> bool:
    return primary(lang) == "en"


def primary(lang: str) -> str:
    """The primary language subtag, lowercased: 'fr' for fr-FR."""
    return lang.split("-", 1)[0].lower()
