"""What a template sees of a brief's document conventions: ``brief.header``, ``brief.contact``,
``brief.organisation``, ``brief.logo`` and ``brief.short_title``.

Every key is always there (None when not given), so a template can test any of them; the values are
plain text and dates, escaped like a fact's text when printed (never trusted as Markdown).
"""

from __future__ import annotations

from typing import Any

from briefgen.content.header import PURPOSES
from briefgen.content.model import Briefing, Contact, Settings
from briefgen.layout import ASSETS_DIR


def conventions(briefing: Briefing, settings: Settings) -> dict[str, Any]:
    """The ``brief`` keys for a briefing's header block, sender and logo."""
    h = briefing.header
    sender = h.sender if h and h.sender else Contact()
    # A sender from another organisation is not the settings' contact: nothing is taken from it.
    default = Contact() if sender.organisation else settings.contact or Contact()
    organisation = sender.organisation or settings.organisation
    name, email = sender.name or default.name, sender.email or default.email
    logo = settings.logo
    header = None
    if h is not None:
        clearance, meeting = h.clearance, h.meeting
        header = {
            "to": h.to,
            "from": {"unit": sender.unit, "name": name, "email": email},
            "purpose": h.purpose,
            "purpose_label": PURPOSES.get(h.purpose or ""),
            "decision_by": h.decision_by,
            "reference": h.reference,
            "clearance": {"by": clearance.by if clearance else None, "date": clearance.date if clearance else None},
            "consulted": h.consulted,
            "meeting": {"what": meeting.what if meeting else None, "when": meeting.when if meeting else None,
                        "where": meeting.where if meeting else None, "time": meeting.time if meeting else None},
        }
    return {
        "short_title": briefing.short_title or briefing.title,
        "header": header,
        "organisation": organisation,
        "contact": {"name": name, "email": email, "unit": sender.unit},
        # A path as the Markdown of a template in templates/ reaches it: ../assets/<file>.
        "logo": {"src": f"../{ASSETS_DIR}/{logo.file}", "alt": logo.alt} if logo else None,
        "numbered_paragraphs": briefing.numbered_paragraphs,
    }
