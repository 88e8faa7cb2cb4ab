"""Static edition benchmark: export time, and Pagefind's recall on two-character Chinese words
against Broadsheet's own search over the same articles (docs/static.md).

    .venv/bin/python bench/static_search.py [--issues 4] [--pages 3] [--keep]

Builds a fresh data folder with generated issues of 江城日报 (Chinese news text from
`broadsheet.samples`, each page's articles given by a manifest, ingested and published through
the real pipeline), runs `broadsheet export-static`, serves the edition with a plain static file
server and asks Pagefind in Chromium (its own JavaScript API, as the search page uses it) for
every query. Our own search answers through `broadsheet.search.api.search`.

Queries: (a) common two-character words (a fixed list, those present in the text), (b) random
two-character strings drawn from the text (many straddle two words). The truth for a query is
every article whose headline, kicker, subheadline, byline or body contains it. Recall is found
relevant / all relevant over all queries of a kind.

Ends with `RESULT pagefind_recall_2char=… own_recall_2char=… pagefind_recall_bigram=…
own_recall_bigram=… seconds_per_issue=… incremental_seconds=…`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "城市",
    "建设",
    "市民",
    "社区",
    "发展",
    "工作",
    "项目",
    "服务",
    "文化",
    "活动",
    "记者",
    "企业",
    "学校",
    "医院",
    "经济",
    "交通",
    "环境",
    "居民",
    "政府",
    "群众",
    "教育",
    "安全",
    "公园",
    "旅游",
    "科技",
    "产业",
    "农村",
    "健康",
    "体育",
    "比赛",
    "今年",
    "目前",
    "通过",
    "进行",
    "开展",
    "推进",
    "提升",
    "完成",
    "计划",
    "介绍",
    "表示",
    "问题",
    "相关",
    "部门",
    "管理",
    "改造",
    "道路",
    "地铁",
    "天气",
    "气温",
    "市场",
    "消费",
    "投资",
    "就业",
    "学生",
    "老人",
    "志愿",
    "读书",
    "音乐",
    "非遗",
    "合作",
    "质量",
    "生活",
    "设施",
    "绿色",
    "创新",
    "基层",
    "群众",
    "年轻",
]
CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def make_issues(args: argparse.Namespace, tmp: Path) -> list[dict[str, str]]:
    """Ingest `args.issues` issues; returns every article's texts with its date and number."""
    from tests.factories import ArticleSpec, write_page_pdf

    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from broadsheet.newspaper.models import Article
    from broadsheet.samples.stories import make_story

    rng = random.Random(16)
    first = dt.date(2026, 11, 1)
    for n in range(args.issues):
        date = first + dt.timedelta(days=n)
        folder = tmp / f"pdfs-{n}"
        folder.mkdir()
        files, pages = [], []
        for p in range(1, args.pages + 1):
            specs, manifest_articles = [], []
            for k in range(3):
                story = make_story(rng, "zh-hans", "要闻", date, kicker=True, subheadline=True)
                body = [story.next_paragraph().text for _ in range(3)]
                box = (40.0, 110.0 + k * 340, 800.0, 420.0 + k * 340)
                specs.append(ArticleSpec(story.headline, body, box, kicker=story.kicker))
                manifest_articles.append(
                    {
                        "kicker": story.kicker,
                        "headline": story.headline,
                        "subheadline": story.subheadline,
                        "byline": story.byline,
                        "text": "\n\n".join(body),
                        "regions": [list(box)],
                    }
                )
            path = write_page_pdf(folder / f"A0{p}.pdf", specs, header=f"江城日报 A0{p}")
            files.append(path)
            pages.append({"file": path.name, "number": f"A0{p}", "articles": manifest_articles})
        manifest = folder / "issue.json"
        manifest.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
        ingest(
            IngestRequest(
                publication="jcrb", date=date, files=files, manifest=manifest, publish=True
            )
        )
    rows = []
    for a in Article.objects.filter(issue__publication__slug="jcrb").select_related("issue"):
        body = " ".join(part["text"] for part in a.body)
        text = " ".join([a.kicker, a.headline, a.subheadline, a.byline, body])
        rows.append({"key": f"{a.issue.date.isoformat()}/{a.number}", "text": text})
    return rows


def own_search(query: str) -> set[str]:
    from broadsheet.search.api import MAX_LIMIT, search

    found: set[str] = set()
    offset = 0
    while True:
        results = search(query, publication="jcrb", limit=MAX_LIMIT, offset=offset)
        found.update(f"{h.date.isoformat()}/{h.article_number}" for h in results.hits)
        offset += MAX_LIMIT
        if offset >= results.total or not results.hits:
            return found


def pagefind_search(site: Path, queries: list[str]) -> dict[str, set[str]]:
    """Pagefind's own JavaScript API in Chromium over the edition, served by http.server."""
    from playwright.sync_api import sync_playwright

    from broadsheet.samples.chromium import CHROMIUM, CHROMIUM_ARGS

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/search/index.html")
            urls = page.evaluate(
                """async (terms) => {
                    const pf = await import("/pagefind/pagefind.js");
                    await pf.init();
                    const out = {};
                    for (const t of terms) {
                        const r = await pf.search(t);
                        out[t] = await Promise.all(r.results.map(async x => (await x.data()).url));
                    }
                    return out;
                }""",
                queries,
            )
            browser.close()
    finally:
        server.terminate()
        server.wait()
    key = re.compile(r"/jcrb/(\d{4}-\d\d-\d\d)/a/(\d+)/")
    return {
        q: {f"{m.group(1)}/{m.group(2)}" for u in found if (m := key.search(u))}
        for q, found in urls.items()
    }


def recall(
    queries: list[str], rows: list[dict[str, str]], answers: dict[str, set[str]]
) -> tuple[float, int, int]:
    relevant = found = 0
    for q in queries:
        truth = {r["key"] for r in rows if q in r["text"]}
        relevant += len(truth)
        found += len(truth & answers[q])
    return (found / relevant if relevant else 0.0), found, relevant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=4)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--bigrams", type=int, default=60, help="random two-character strings")
    parser.add_argument("--keep", action="store_true", help="keep the data and the edition")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-static-"))
    os.environ["BROADSHEET_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from broadsheet.newspaper.models import Publication

        call_command("migrate", verbosity=0)
        Publication.objects.create(slug="jcrb", name="江城日报", language="zh-hans")
        started = time.perf_counter()
        rows = make_issues(args, tmp)
        print(
            f"ingested {args.issues} issues, {len(rows)} articles in "
            f"{time.perf_counter() - started:.1f} s"
        )
        site = tmp / "site"
        started = time.perf_counter()
        call_command("export-static", str(site), publication="jcrb", verbosity=1)
        export_seconds = time.perf_counter() - started
        started = time.perf_counter()
        call_command("export-static", str(site), publication="jcrb", verbosity=1)
        again_seconds = time.perf_counter() - started

        text = " ".join(r["text"] for r in rows)
        words = [w for w in dict.fromkeys(WORDS) if w in text]
        bigrams = sorted({run[i : i + 2] for run in CJK.findall(text) for i in range(len(run) - 1)})
        sample = random.Random(7).sample(bigrams, min(args.bigrams, len(bigrams)))
        queries = list(dict.fromkeys(words + sample))
        pagefind = pagefind_search(site, queries)
        own = {q: own_search(q) for q in queries}
        results = {}
        print(f"{'queries':<28} {'n':>4} {'relevant':>9} {'Pagefind':>9} {'own':>9}")
        for kind, group in (("2char", words), ("bigram", sample)):
            pf, pf_found, relevant = recall(group, rows, pagefind)
            ours, own_found, _ = recall(group, rows, own)
            results[kind] = (pf, ours)
            print(f"{kind:<28} {len(group):>4} {relevant:>9} {pf_found:>9} {own_found:>9}")
        missed = [q for q in words if {r["key"] for r in rows if q in r["text"]} - pagefind[q]]
        print("words Pagefind misses some articles of:", " ".join(missed) or "none")
        print(
            f"export: {export_seconds:.1f} s for {args.issues} issues of {args.pages} pages; "
            f"again, nothing changed: {again_seconds:.1f} s"
        )
        print(
            f"RESULT pagefind_recall_2char={results['2char'][0]:.3f} "
            f"own_recall_2char={results['2char'][1]:.3f} "
            f"pagefind_recall_bigram={results['bigram'][0]:.3f} "
            f"own_recall_bigram={results['bigram'][1]:.3f} "
            f"seconds_per_issue={export_seconds / args.issues:.2f} "
            f"incremental_seconds={again_seconds:.2f}"
        )
        return 0
    finally:
        if args.keep:
            print(f"(kept {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
