"""What ``briefgen serve`` sends to a browser: the index of briefs, and a built HTML edition with a small
reload script and any build error added to the response (never to the file in build/)."""

from __future__ import annotations

import html
import json
import re

#: Where the served pages ask whether a rebuild has happened since they were sent.
STATE_PATH = "/__briefgen/state"
#: How often an open page asks, in milliseconds.
POLL_MS = 100
#: The formats a brief may be served in, in the order the index lists them.
SERVED = ("html", "pdf", "md", "txt", "docx")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
                 "md": "text/markdown; charset=utf-8", "txt": "text/plain; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

_SCRIPT = """(function () {
  var seen = %(seen)d, key = "briefgen-serve-scroll:" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); }
  function ask() {
    fetch("%(state)s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.%(counter)s !== seen) { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }
      else { setTimeout(ask, %(poll)d); }
    }).catch(function () { setTimeout(ask, 1000); });
  }
  setTimeout(ask, %(poll)d);
})();"""

_ERROR_STYLE = ("position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:12px 16px;"
                "background:#fff4f4;color:#6b0000;border-top:4px solid #d4351c;font:14px/1.4 monospace;"
                "white-space:pre-wrap;z-index:2147483647")


def csp(nonce: str) -> str:
    """The Content-Security-Policy of a served page: only our own script runs, and it talks only to us."""
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; connect-src 'self'; style-src 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'")


def additions(seen: int, errors: list[str], nonce: str, counter: str = "generation") -> str:
    """The reload script, which reloads the page when the build state's ``counter`` moves on from ``seen``,
    and the error panel when the last build failed."""
    script = _SCRIPT % {"seen": seen, "counter": counter, "state": STATE_PATH, "poll": POLL_MS}
    panel = ""
    if errors:
        text = "briefgen serve: the last build failed; this page shows the last good edition.\n\n" + "\n".join(errors)
        panel = (f'<pre id="briefgen-serve-error" role="alert" style="{_ERROR_STYLE}">'
                 f"{html.escape(text)}</pre>\n")
    return f'{panel}<script nonce="{nonce}">{script}</script>\n'


def inject(page: str, added: str) -> str:
    """``page`` with ``added`` just before its last ``</body>`` (at its end when it has none)."""
    at = page.lower().rfind("</body>")
    return page + added if at < 0 else page[:at] + added + page[at:]


_INDEX_STYLE = ("body{font:16px/1.5 sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}li{margin:.4rem 0}"
                "small{color:#505a5f}a{margin-right:.5rem}")


def index_page(project: str, briefs: list[tuple[str, str, list[str]]], added: str) -> str:
    """The list of briefs: each (id, title, formats built), its HTML edition the link, the rest beside it."""
    rows = []
    for bid, title, formats in briefs:
        name = html.escape(title or bid)
        head = f'<a href="/{bid}.html">{name}</a>' if "html" in formats else name
        others = " ".join(f'<a href="/{bid}.{fmt}">{fmt.upper()}</a>' for fmt in formats if fmt != "html")
        rows.append(f"<li>{head} <small>({html.escape(bid)})</small> {others}</li>")
    body = "\n".join(rows) or "<li>No briefs yet: add a spec to briefings/.</li>"
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>briefgen serve: {html.escape(project)}</title>\n<style>{_INDEX_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>Briefs in {html.escape(project)}</h1>\n<ul>\n{body}\n</ul>\n{added}</body>\n</html>\n")


def placeholder(bid: str, added: str) -> str:
    """A page for a brief whose HTML edition is not built (yet): the error panel says why."""
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(bid)}: not built</title>\n</head>\n<body>\n"
            f"<p>{html.escape(bid)} has no HTML edition yet.</p>\n{added}</body>\n</html>\n")


_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


def title_of(page: str) -> str:
    """The text of a built page's ``<title>``."""
    found = _TITLE.search(page)
    return html.unescape(found.group(1)).strip() if found else ""


def state_json(counters: dict[str, int], building: bool, errors: list[str]) -> bytes:
    return json.dumps({**counters, "building": building, "errors": errors}).encode()
