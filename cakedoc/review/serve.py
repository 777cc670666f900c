"""``make review-serve``: the review edition on this machine only, signing off
from the browser.

In: the project, the edition's folders and a port.  Out: a server on
``http://127.0.0.1:<port>/`` (never another interface) that serves the
edition and answers

* ``GET /api/status`` — ``{"service": "cakedoc-review"}``: the edition's
  script shows its "Sign off" buttons only when this answers;
* ``POST /api/accept`` with ``{"page": "chips", "block": 12}`` (or no block:
  the whole page) — exactly ``make review-accept PAGE=chips BLOCK=12``
  (:func:`cakedoc.review.accept.accept`, which writes the sidecar; then
  ``git diff`` shows it), after which the edition is built again.

Refused (403), and nothing written: a request whose ``Origin`` is not this
server's own page (a page of any other site, or another port, or none at
all) or whose ``Host`` is not ``127.0.0.1:<port>`` (DNS rebinding), and a
CORS preflight (no other origin is ever allowed).  A body that is not JSON
is refused with 415.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

from cakedoc.review.pages import Project, SettingError

SERVICE = "cakedoc-review"


def rebuild(project: Project, published: Path, staging: Path) -> None:
    """Run the review and publish its edition (as ``make review`` does)."""
    from cakedoc.review import html
    from cakedoc.review.check import review
    from cakedoc.site.atomic import publish

    html.build(review(project), staging)
    publish(staging, published)


class Handler(http.server.SimpleHTTPRequestHandler):
    project: Project
    published: Path
    staging: Path
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the terminal shows what was signed off

    @property
    def own(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def trusted_host(self) -> bool:
        return self.headers.get("Host") == self.own

    def answer(self, status: int, data: dict[str, object]) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self.trusted_host():
            self.answer(403, {"error": f"only http://{self.own}/ is served"})
            return
        if self.path == "/api/status":
            self.answer(200, {"service": SERVICE, "root": str(self.project.root)})
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self.trusted_host():
            self.answer(403, {"error": f"only http://{self.own}/ is served"})
            return
        super().do_HEAD()

    def do_OPTIONS(self) -> None:
        # A preflight means another origin asks: never allowed.
        self.answer(403, {"error": "cross-origin requests are refused"})

    def do_POST(self) -> None:
        # Read the body first (at most 64 KiB), so a refusal is an answer, not a reset connection.
        length = min(int(self.headers.get("Content-Length") or 0), 65536)
        payload = self.rfile.read(length)
        origin = self.headers.get("Origin")
        if not self.trusted_host() or origin != f"http://{self.own}":
            self.answer(403, {"error": f"refused: sign-offs are accepted only from pages of "
                                       f"http://{self.own}/ (Origin: {origin or 'none'})"})
            return
        if self.path != "/api/accept":
            self.answer(404, {"error": "POST /api/accept only"})
            return
        if self.headers.get_content_type() != "application/json":
            self.answer(415, {"error": "send JSON: {\"page\": …, \"block\": …}"})
            return
        try:
            data = json.loads(payload or b"{}")
            page, block = str(data["page"]), data.get("block")
            block = None if block is None else int(block)
        except (ValueError, KeyError, TypeError) as error:
            self.answer(400, {"error": f"expected {{\"page\": …, \"block\": …}}: {error}"})
            return
        from cakedoc.review.accept import accept

        with self.lock:
            try:
                message = accept(self.project, page, block)
            except SettingError as error:
                self.answer(400, {"error": str(error)})
                return
            print(message, flush=True)
            rebuild(self.project, self.published, self.staging)
        self.answer(200, {"message": message})


def serve(project: Project, published: Path, staging: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Build the edition, then make the server (the caller runs serve_forever)."""
    rebuild(project, published, staging)
    handler = type("BoundHandler", (Handler,), {
        "project": project, "published": published, "staging": staging, "lock": threading.Lock()})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(published)))
    return server
