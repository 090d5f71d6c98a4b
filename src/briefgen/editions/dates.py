"""The edition date a build shows: given, from SOURCE_DATE_EPOCH, or today in the project's zone."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from briefgen.content.fields import parse_date
from briefgen.exceptions import ProjectUsageError


def edition_date(as_of: str | None, timezone: str) -> dt.date:
    """``as_of`` (YYYY-MM-DD) if given, else SOURCE_DATE_EPOCH's date, else today in ``timezone``."""
    if as_of:
        parsed = parse_date(as_of)
        if parsed is None:
            raise ProjectUsageError(f"--as-of: expected a date as YYYY-MM-DD, found '{as_of}'")
        return parsed
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=ZoneInfo(timezone)).date()
        except ValueError:
            raise ProjectUsageError(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, found '{epoch}'"
            ) from None
    return dt.datetime.now(tz=ZoneInfo(timezone)).date()
