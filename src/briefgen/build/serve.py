"""``briefgen serve``: a live preview. The project's editions are served over HTTP (127.0.0.1 by default);
each save of an input rebuilds through the ordinary incremental build, HTML first, and the open page
reloads. A failed build is shown in the page, with its file and line, over the last good edition.

Only files named ``build/<briefing id>.<format>``, and the font files the HTML editions name, are served,
to requests addressed to the host the server was started on (so a web page elsewhere cannot read the
briefs through DNS rebinding).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefgen.build import preview_page as page
from briefgen.build.fonts import served_font
from briefgen.build.options import Options, Result
from briefgen.build.run import BuildInterrupted, run
from briefgen.build.watch import WATCHED, relevant
from briefgen.exceptions import BriefgenError, ProjectUsageError
from briefgen.layout import Layout


@dataclass
class Preview:
    """What the builder knows, shared with the request handlers: how many builds have finished, whether
    one is running, and what the last one failed on."""

    root: Path
    #: Builds that may have changed what a brief's page shows (its HTML, or the error over it).
    generation: int = 0
    #: Builds of any format finished (the index lists every format).
    outputs: int = 0
    building: bool = False
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> tuple[int, bool, list[str]]:
        with self.lock:
            return self.generation, self.building, list(self.errors)

    def counters(self) -> dict[str, int]:
        with self.lock:
            return {"generation": self.generation, "outputs": self.outputs}

    def started(self) -> None:
        with self.lock:
            self.building = True

    def finished(self, errors: list[str], pages: bool, more: bool) -> None:
        """A build phase ended: ``pages`` when what a brief's page shows may have changed, ``more`` when
        another phase follows."""
        with self.lock:
            self.outputs += 1
            if pages:
                self.generation += 1
                self.errors = errors
            self.building = more


def build_errors(result: Result) -> list[str]:
    """One line per failed target: its name and the failure, which names the file and line."""
    return [f"build/{target}: {detail}" for target, detail in result.failed]


def phases(opts: Options) -> list[Options]:
    """The builds of one preview round: the HTML editions first (what the open page shows, reloaded as soon
    as they are written), then every other format asked for."""
    wanted = opts.formats or page.SERVED
    rest = tuple(fmt for fmt in wanted if fmt != "html")
    return [replace(opts, formats=formats) for formats in (("html",) if "html" in wanted else (), rest) if formats]


def build_once(root: Path, opts: Options, edition: dt.date, report: Callable[[str, str, str], None]) -> list[str]:
    """One build; what failed, each naming its file and line. An error in the content (bad YAML, a broken
    spec) is a failure too."""
    try:
        return build_errors(run(root, opts, edition, report))
    except BuildInterrupted:
        raise
    except BriefgenError as exc:
        return [exc.format_message()]


def build_loop(preview: Preview, opts: Options, edition: Callable[[], dt.date], say: Callable[[str], None],
               report: Callable[[str, str, str], None], stop: threading.Event) -> None:
    """Build now, then after each batch of saves to the project's inputs, until ``stop`` is set. Open pages
    reload when the HTML phase ends, and again only if a later phase fails."""
    import watchfiles  # lazy: only `briefgen serve` needs it

    root = preview.root

    def once(reason: str) -> None:
        say(reason)
        rounds = phases(opts)
        preview.started()
        for n, phase in enumerate(rounds):
            errors = build_once(root, phase, edition(), report)
            for error in errors:
                say(f"error: {error}")
            more = not errors and n + 1 < len(rounds)
            preview.finished(errors, pages=bool(errors) or n == 0 or bool(preview.snapshot()[2]), more=more)
            if not more:
                break

    def wanted(_: object, raw: str) -> bool:
        return bool(relevant(root, [(None, raw)]))

    once("building")
    paths = [root / name for name in WATCHED if (root / name).exists()] + [root]
    for changes in watchfiles.watch(*paths, watch_filter=wanted, stop_event=stop, debounce=300, step=30,
                                    recursive=True, raise_interrupt=False):
        changed = relevant(root, changes)
        if changed:
            once("changed: " + ", ".join(changed))


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    """GET only: the index, a brief's editions, and the build state the pages poll."""

    server: PreviewServer

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unknown host\n", "text/plain; charset=utf-8")
            return
        path = self.path.split("?", 1)[0]
        preview = self.server.preview
        generation, building, errors = preview.snapshot()
        counters = preview.counters()
        if path == page.STATE_PATH:
            self._send(HTTPStatus.OK, page.state_json(counters, building, errors), "application/json")
        elif path in ("/", "/index.html"):
            self._page(lambda added: page.index_page(preview.root.name, self._briefs(), added),
                       counters["outputs"], errors, "outputs")
        elif font := served_font(Layout(preview.root).build, path):  # the house fonts the HTML names
            self._send(HTTPStatus.OK, font[0].read_bytes(), font[1])
        else:
            self._brief(path, generation, errors)

    def _brief(self, path: str, generation: int, errors: list[str]) -> None:
        name = path.lstrip("/")
        bid, dot, fmt = name.rpartition(".")
        if not dot or fmt not in page.SERVED or bid not in self.server.briefing_ids():
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        file = Layout(self.server.preview.root).output(bid, fmt)
        exists = file.is_file() and not file.is_symlink()
        if fmt == "html":
            built = file.read_text(encoding="utf-8") if exists else None
            self._page(lambda added: page.inject(built, added) if built is not None else page.placeholder(bid, added),
                       generation, errors)
        elif exists:
            self._send(HTTPStatus.OK, file.read_bytes(), page.CONTENT_TYPES[fmt])
        else:
            self._send(HTTPStatus.NOT_FOUND, f"{name} is not built\n".encode(), "text/plain; charset=utf-8")

    def _page(self, make: Callable[[str], str], seen: int, errors: list[str], counter: str = "generation") -> None:
        nonce = secrets.token_urlsafe(12)
        body = make(page.additions(seen, errors, nonce, counter)).encode("utf-8")
        self._send(HTTPStatus.OK, body, page.CONTENT_TYPES["html"], {"Content-Security-Policy": page.csp(nonce)})

    def _briefs(self) -> list[tuple[str, str, list[str]]]:
        layout = Layout(self.server.preview.root)
        found = []
        for bid in sorted(self.server.briefing_ids()):
            formats = [fmt for fmt in page.SERVED if layout.output(bid, fmt).is_file()]
            html_file = layout.output(bid, "html")
            title = page.title_of(html_file.read_text(encoding="utf-8")) if "html" in formats else ""
            found.append((bid, title, formats))
        return found

    def _host_allowed(self) -> bool:
        return host_name(self.headers.get("Host") or "") in self.server.hosts

    def _send(self, status: HTTPStatus, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows builds, not every poll."""


def host_name(header: str) -> str:
    """The host in a Host header, without its port: ``[::1]:8000`` gives ``[::1]``."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0]


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server, knowing the preview it serves and the host names it answers to."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        super().__init__(address, Handler)
        self.preview = preview
        bound = address[0]
        self.hosts = {bound, f"[{bound}]"} | ({"localhost", "127.0.0.1", "[::1]"} if is_loopback(bound) else set())

    def briefing_ids(self) -> set[str]:
        from briefgen.content.matrix import briefing_ids  # lazy: as the rest of the content code

        return set(briefing_ids(Layout(self.preview.root).spec_files()))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else str(host)
        return f"http://{shown}:{port}/"


@dataclass
class Running:
    """A started preview: its server, its threads, and how to stop them."""

    server: PreviewServer
    preview: Preview
    stop_event: threading.Event
    threads: list[threading.Thread]

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(10)


def start(root: Path, opts: Options, edition: Callable[[], dt.date], host: str, port: int,
          say: Callable[[str], None], report: Callable[[str, str, str], None]) -> Running:
    """Start the server and the builder, each in its own thread; the first build starts at once."""
    preview = Preview(root)
    try:
        server = PreviewServer((host, port), preview)
    except OSError as exc:
        raise ProjectUsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True),
               threading.Thread(target=build_loop, args=(preview, opts, edition, say, report, stop), daemon=True)]
    for thread in threads:
        thread.start()
    return Running(server, preview, stop, threads)
