"""Benchmark: a night on the desk, over HTTP, against a real server and its worker.

    .venv/bin/python bench/desk.py [--pages 16] [--port 8765]

Starts `broadsheet serve --with-worker` on a fresh data folder, signs in as an editor and:

1. creates tomorrow's issue and uploads a generated broadsheet page by page, one request per
   page, as a typesetter releases them (the worker processes each as it arrives);
2. publishes it as soon as the last page is processed: the figure is the seconds from the
   last upload to the issue being published (and per page of the issue);
3. replaces one page with a corrected version (its lead headline changed), waits, then has
   another page analysed again, waits;
4. checks every article URL readers had after publishing: it must still open the same story
   (same number, same page, the same headline or, for the corrected one, the same place).

Ends with `RESULT seconds_to_publish=… seconds_per_page=… urls_kept=…`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pw-9!x"


class Desk:
    """An editor's browser, as far as the desk cares: cookies, CSRF, forms, uploads."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str, accept: str = "text/html") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Accept": accept})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def post(
        self,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
        accept: str = "text/html",
    ) -> tuple[int, bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n"
                ).encode()
            for name, (filename, data) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
                    ).encode()
                    + data
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "Accept": accept,
                "Referer": self.base + path,
                "X-CSRFToken": self.csrf(),
            },
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        status, body = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        if b"password" in body and b"errornote" in body:
            raise SystemExit("login failed")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Any, timeout: float, what: str) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if check():
            return time.perf_counter() - t0
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def corrected(page: Any) -> bytes:
    """The page with its biggest headline changed by one character, as a typesetter's fix."""
    from dataclasses import replace

    from broadsheet.samples.ops import TextOp
    from broadsheet.samples.render import render_pdf

    texts = [op for op in page.ops if isinstance(op, TextOp) and op.text.strip()]
    lead = max(texts, key=lambda op: op.size)
    fixed = replace(lead, text=("新" if lead.text[0] != "新" else "本") + lead.text[1:])
    ops = [fixed if op is lead else op for op in page.ops]
    return render_pdf([(page.width, page.height, ops, page.number)], title="corrected")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(tmp / "data")}
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from broadsheet.desk.models import DeskRole
    from broadsheet.newspaper.models import Article, Issue, Publication
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue

    call_command("migrate", verbosity=0)
    profile = DEMO_PUBLICATIONS[0]
    publication = Publication.objects.create(
        slug=profile.slug, name=profile.name, language=profile.language
    )
    user = get_user_model().objects.create_user("nightdesk", password=PASSWORD)
    DeskRole.objects.create(user=user, role="editor").publications.set([publication])
    date = dt.date.today() + dt.timedelta(days=1)
    t0 = time.perf_counter()
    generated = generate_issue(profile, date, args.pages, seed=11)
    print(f"generated {len(generated.pages)} pages in {time.perf_counter() - t0:.1f} s")

    port = args.port or free_port()
    log = (tmp / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "serve", "--port", str(port), "--with-worker"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    print(f"server and worker log: {tmp / 'server.log'}")
    base = f"http://127.0.0.1:{port}"
    try:
        desk = Desk(base)
        wait_until(lambda: _up(base), 60, "the server")
        desk.login("nightdesk")
        status, _ = desk.post(
            "/desk/", {"publication": str(publication.pk), "date": date.isoformat(), "edition": "1"}
        )
        issue = Issue.objects.get(publication=publication, date=date)

        def progress() -> dict[str, Any]:
            status, body = desk.get(f"/desk/issues/{issue.pk}/progress.json", "application/json")
            return json.loads(body)

        def settled() -> bool:
            data = progress()
            return data["state"] == "done" and all(
                p["status"] == "processed" for p in data["pages"]
            )

        # 1. the pages come in one by one
        upload_seconds = []
        for page in generated.pages:
            t = time.perf_counter()
            status, body = desk.post(
                f"/desk/issues/{issue.pk}/upload/",
                {},
                {"files": (f"{page.number}.pdf", page.pdf)},
                accept="application/json",
            )
            answer = json.loads(body)
            if answer.get("rejected"):
                raise SystemExit(f"rejected: {answer['rejected']}")
            upload_seconds.append(time.perf_counter() - t)
        last_upload = time.perf_counter()
        waited = wait_until(settled, 600, "the pages to be processed")
        status, _ = desk.post(f"/desk/issues/{issue.pk}/publish/", {"when": "now", "confirm": "1"})
        issue.refresh_from_db()
        if issue.status != "published":
            raise SystemExit(f"not published: {issue.status}")
        to_publish = time.perf_counter() - last_upload
        pages = issue.pages.count()
        print(
            f"uploads: {len(upload_seconds)} requests, median "
            f"{sorted(upload_seconds)[len(upload_seconds) // 2] * 1000:.0f} ms each"
        )
        print(f"last upload → all processed: {waited:.2f} s; → published: {to_publish:.2f} s")

        urls = _article_urls(desk, profile.slug, date)
        zones = {
            a.number: (a.page.number, _zone(a))
            for a in Article.objects.filter(issue=issue).select_related("page")
        }
        print(f"{len(urls)} article URLs published")

        # 2. a corrected page, then a page analysed again
        fix_page = generated.pages[min(2, len(generated.pages) - 1)]
        t = time.perf_counter()
        desk.post(
            f"/desk/issues/{issue.pk}/upload/",
            {},
            {"files": (f"{fix_page.number}.pdf", corrected(fix_page))},
            accept="application/json",
        )
        wait_until(settled, 600, "the replaced page")
        replaced_seconds = time.perf_counter() - t
        again = issue.pages.get(number=generated.pages[min(4, len(generated.pages) - 1)].number)
        t = time.perf_counter()
        desk.post(f"/desk/issues/{issue.pk}/pages/{again.pk}/reanalyse/", {})
        wait_until(settled, 600, "the page analysed again")
        reanalysed_seconds = time.perf_counter() - t
        print(f"replaced page {fix_page.number}: {replaced_seconds:.2f} s to processed")
        print(f"page {again.number} analysed again: {reanalysed_seconds:.2f} s to processed")

        # 3. every URL readers had still opens the same story
        now = _article_urls(desk, profile.slug, date)
        kept = 0
        for number, (label, headline) in urls.items():
            if number not in now:
                print(f"  lost: #{number} {headline}")
                continue
            new_label, new_headline = now[number]
            same_place = (
                _iou(zones[number][1], _zone(Article.objects.get(issue=issue, number=number)))
                >= 0.5
            )
            if new_label == label and (new_headline == headline or same_place):
                kept += 1
            else:
                print(f"  moved: #{number} {headline} → {new_label} {new_headline}")
        share = kept / len(urls) if urls else 1.0
        print(f"article URLs kept: {kept}/{len(urls)}")
        print(
            f"RESULT seconds_to_publish={to_publish:.2f} seconds_per_page={to_publish / pages:.3f} "
            f"replace_seconds={replaced_seconds:.2f} reanalyse_seconds={reanalysed_seconds:.2f} "
            f"urls_kept={share:.3f}"
        )
        return 0 if share == 1.0 else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _up(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/accounts/login/", timeout=2):
            return True
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def _article_urls(desk: Desk, slug: str, date: dt.date) -> dict[int, tuple[str, str]]:
    """Every article URL of the issue as readers get it: number → (page, headline)."""
    status, body = desk.get(f"/{slug}/{date.isoformat()}.json", "application/json")
    out: dict[int, tuple[str, str]] = {}
    for page in json.loads(body)["pages"]:
        for article in page["articles"]:
            number = int(re.search(r"/a/(\d+)/", article["url"]).group(1))  # type: ignore[union-attr]
            out.setdefault(number, (page["number"], article["headline"]))
    for number in list(out):
        status, _ = desk.get(f"/{slug}/{date.isoformat()}/a/{number}/")
        if status != 200:
            out.pop(number)
    return out


def _zone(article: Any) -> tuple[float, float, float, float]:
    zones = list(article.regions.filter(role="zone", page=article.page))
    if not zones:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        min(z.x0 for z in zones),
        min(z.y0 for z in zones),
        max(z.x1 for z in zones),
        max(z.y1 for z in zones),
    )


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


if __name__ == "__main__":
    sys.exit(main())
