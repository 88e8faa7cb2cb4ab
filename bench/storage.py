"""Benchmark: the same issue ingested and served with the files on local disk and in a bucket
on a local S3-compatible server (moto, started by scripts/test-s3.sh), in one process.

    .venv/bin/python bench/storage.py [--pages 8] [--repeat 20]

Measures the ingest's wall time on each storage, then through Django's test client (the whole
middleware stack, no network to the reader): a whole page PDF, a 64 KiB byte range of the
whole-issue PDF (a PDF viewer's first request), and a page image, medians of --repeat.
moto is far slower per request than S3 itself and has no network latency, so the S3 figures
show Broadsheet's own overhead and the number of requests, not what a cloud bucket costs.

Ends with `RESULT ingest_local_s=… ingest_s3_s=… pdf_local_ms=… pdf_s3_ms=… range_local_ms=…
range_s3_ms=… image_local_ms=… image_s3_ms=…`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(client: Any, url: str, repeat: int, **headers: str) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append(time.perf_counter() - t0)
        assert response.status_code in (200, 206), (url, response.status_code)
        size = len(body)
    return statistics.median(times) * 1000, size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    env = {**os.environ, "BROADSHEET_TEST_S3_DIR": str(tmp / "s3")}
    script = str(ROOT / "scripts" / "test-s3.sh")
    out = subprocess.run([script, "start"], env=env, capture_output=True, text=True, check=True)
    values = dict(line.split("=", 1) for line in out.stdout.split())
    os.environ["AWS_ACCESS_KEY_ID"] = values["AWS_ACCESS_KEY_ID"]
    os.environ["AWS_SECRET_ACCESS_KEY"] = values["AWS_SECRET_ACCESS_KEY"]
    os.environ["BROADSHEET_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client, override_settings

        from broadsheet.ingest.pipeline import IngestRequest, ingest
        from broadsheet.newspaper.models import Publication
        from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue
        from broadsheet.storage import LOCAL_BACKEND, S3_BACKEND, s3_config, s3_options

        call_command("migrate", verbosity=0)
        profile = DEMO_PUBLICATIONS[0]
        Publication.objects.create(slug=profile.slug, name=profile.name, language=profile.language)
        config = s3_config(values)
        assert config is not None
        backends = {
            "local": {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(tmp / "files")}},
            "s3": {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(config, prefix="bench")},
        }
        figures: dict[str, float] = {}
        for offset, (kind, storage) in enumerate(backends.items()):
            date = dt.date(2026, 11, 27) + dt.timedelta(days=offset)
            generated = generate_issue(profile, date, args.pages, seed=7)
            files = write_issue(generated, tmp / f"pdfs-{kind}")
            storages = {
                "default": storage,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
            with override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"]):
                t0 = time.perf_counter()
                outcome = ingest(
                    IngestRequest(publication=profile.slug, date=date, files=files, publish=True)
                )
                figures[f"ingest_{kind}_s"] = time.perf_counter() - t0
                client = Client()
                base = f"/{profile.slug}/{date.isoformat()}"
                first = outcome.issue.pages.order_by("sequence").first()
                assert first is not None
                page = f"{base}/{first.number}"
                client.get(f"{base}.pdf")  # made on first request; measured once stored
                pdf, pdf_size = _median_ms(client, f"{page}.pdf", args.repeat)
                part, _ = _median_ms(client, f"{base}.pdf", args.repeat, HTTP_RANGE="bytes=0-65535")
                image, _ = _median_ms(client, f"{page}.jpg", args.repeat)
                figures[f"pdf_{kind}_ms"] = pdf
                figures[f"range_{kind}_ms"] = part
                figures[f"image_{kind}_ms"] = image
                print(
                    f"{kind:>5}: ingest {figures[f'ingest_{kind}_s']:.2f} s ({args.pages} pages); "
                    f"page PDF ({pdf_size // 1024} KiB) {pdf:.1f} ms, 64 KiB range of the issue "
                    f"PDF {part:.1f} ms, page image {image:.1f} ms (medians of {args.repeat})"
                )
    finally:
        subprocess.run([script, "stop"], env=env, check=False)
    print("RESULT " + " ".join(f"{k}={v:.3f}" for k, v in sorted(figures.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
