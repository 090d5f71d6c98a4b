"""The edition date a build shows: given, from SOURCE_DATE_EPOCH, or today in the project's zone."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from briefgen.content.fields import parse_date
from briefgen.exceptions import ProjectUsageError

#: The edition dates briefgen supports: ZIP (so Word) dates start in 1980, and a brief dated past
#: 2099 is a typing error rather than a plan.
FIRST, LAST = dt.date(1980, 1, 1), dt.date(2099, 12, 31)
_RANGE = f"a date from {FIRST.isoformat()} to {LAST.isoformat()}"


def edition_date(as_of: str | None, timezone: str) -> dt.date:
    """``as_of`` (YYYY-MM-DD) if given, else SOURCE_DATE_EPOCH's date, else today in ``timezone``;
    within :data:`FIRST` .. :data:`LAST` (a usage error otherwise)."""
    if as_of:
        parsed = parse_date(as_of)
        if parsed is None:
            raise ProjectUsageError(f"--as-of: expected a date as YYYY-MM-DD, found '{as_of}'")
        return _in_range(parsed, "--as-of", as_of)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise ProjectUsageError(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, found '{epoch}'"
            ) from None
        try:
            day = dt.datetime.fromtimestamp(seconds, tz=ZoneInfo(timezone)).date()
        except (OverflowError, OSError, ValueError):
            raise ProjectUsageError(f"SOURCE_DATE_EPOCH: expected {_RANGE}, found {epoch} seconds") from None
        return _in_range(day, "SOURCE_DATE_EPOCH", f"{day.isoformat()} ({epoch} seconds)")
    return dt.datetime.now(tz=ZoneInfo(timezone)).date()


def _in_range(day: dt.date, name: str, shown: str) -> dt.date:
    if not FIRST <= day <= LAST:
        raise ProjectUsageError(f"{name}: expected {_RANGE}, found {shown}")
    return day
