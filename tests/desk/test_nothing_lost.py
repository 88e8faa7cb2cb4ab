"""Issue #10: no ordinary desk action damages what readers already see.

Each test reproduces one failure found on the demo: an upload that wiped a published issue,
re-processing that renumbered articles (and broke undo, the audit trail and review tabs), and
removals without a word about what readers lose.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from broadsheet.desk.models import Change
from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, Issue, Page, Region, RetiredArticle
from tests.conftest import ISSUE_DATE, zh_articles
from tests.desk.conftest import upload
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db
DAY = ISSUE_DATE.isoformat()


def rows(issue: Issue) -> dict:
    """Everything readers see of the issue's articles, with the row ids that tabs hold."""
    return {
        "pages": list(
            Page.objects.filter(issue=issue)
            .order_by("sequence")
            .values_list("id", "number", "name", "pdf", "image")
        ),
        "articles": list(
            Article.objects.filter(issue=issue)
            .order_by("number")
            .values_list("id", "number", "order", "kind", "headline", "body")
        ),
        "regions": list(
            Region.objects.filter(article__issue=issue)
            .order_by("id")
            .values_list("id", "article__number", "page__number", "role", "x0", "y0", "x1", "y1")
        ),
    }


def reader_json(client, issue: Issue) -> dict:
    response = client.get(f"/{issue.publication.slug}/{issue.date.isoformat()}.json")
    assert response.status_code == 200
    return response.json()


def article_urls(client, issue: Issue) -> dict[int, str]:
    """Every article URL of the issue and the headline it opens."""
    out = {}
    readable = Article.objects.filter(issue=issue).exclude(kind="advert")
    for number, headline in readable.values_list("number", "headline"):
        response = client.get(f"/jcrb/{DAY}/a/{number}.json")
        assert response.status_code == 200, number
        out[number] = response.json()["headline"]
        assert out[number] == headline
    return out


@pytest.fixture
def ingested(publication, page_pdfs) -> Issue:
    """A published issue made by `broadsheet ingest` (the analyser finds its articles)."""
    return ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True, workers=1)
    ).issue


def test_desk_shows_and_edits_the_pages_of_an_ingested_issue(client, editor, ingested):
    client.force_login(editor)
    page = client.get(f"/desk/issues/{ingested.pk}/").content.decode()
    assert "No pages yet" not in page
    # Its pages are all in: not "waiting for pages 0/0".
    assert "版面均已处理" in page and "等待" not in page.split('id="progress-state"')[1][:40]
    for label in ("A01", "A02", "A03"):
        assert f'data-label="{label}"' in page
    assert page.count("/thumb.jpg") >= 3  # thumbnails in the page table
    progress = client.get(f"/desk/issues/{ingested.pk}/progress.json").json()
    assert [p["label"] for p in progress["pages"]] == ["A01", "A02", "A03"]
    assert all(p["file"].endswith(".pdf") and p["thumbnail"] for p in progress["pages"])
    english = client.get(
        f"/desk/issues/{ingested.pk}/progress.json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["state_display"] == "All pages processed"


def test_identical_upload_to_a_published_issue_changes_nothing(client, editor, ingested, page_pdfs):
    """The failure: uploading an identical A01 left a 12-page issue with 1 page."""
    client.force_login(editor)
    before, seen = rows(ingested), reader_json(client, ingested)
    urls = article_urls(client, ingested)
    response = upload(client, ingested, page_pdfs[0])
    assert response.json()["accepted"] == [{"file": "A01.pdf", "label": "A01", "replaced": True}]
    assert rows(ingested) == before
    assert reader_json(client, ingested) == seen
    assert article_urls(client, ingested) == urls
    assert not ingested.uploads.exists()  # consumed: nothing waits


def test_changed_upload_replaces_only_that_page(client, editor, ingested, tmp_path):
    client.force_login(editor)
    before = rows(ingested)
    urls = article_urls(client, ingested)
    new = write_page_pdf(tmp_path / "A01.pdf", zh_articles(5), header="江城日报 A01")
    upload(client, ingested, new)
    after = rows(ingested)
    assert [p[:3] for p in after["pages"]] == [p[:3] for p in before["pages"]]
    # A02 and A03: the same rows, the same ids, the same zones.
    keep = [r for r in before["regions"] if r[2] != "A01"]
    assert [r for r in after["regions"] if r[2] != "A01"] == keep
    # A01's stories changed; they keep their numbers (matched by place and text).
    now = article_urls(client, ingested)
    assert set(now) == set(urls)
    assert {n: h for n, h in now.items() if "第1版" not in urls[n]} == {
        n: h for n, h in urls.items() if "第1版" not in h
    }
    assert {h for n, h in now.items() if "第1版" in urls[n]} == {
        "第5版头条新闻标题",
        "第5版二条消息",
    }
    ingested.refresh_from_db()
    assert ingested.status == "published"


def test_process_again_with_nothing_changed_keeps_everything(client, editor, issue, page_pdfs):
    """The failure: "process again" turned 37 articles into 38 and renumbered them."""
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    article = Article.objects.filter(issue=issue).order_by("number").last()
    client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "text", "article": article.number, "headline": "夜班改过的标题"},
        content_type="application/json",
    )
    before = rows(issue)
    response = client.post(f"/desk/issues/{issue.pk}/process/", HTTP_ACCEPT="application/json")
    assert response.json() == {"queued": False, "waiting": 0}
    assert rows(issue) == before


def test_analysing_a_page_again_keeps_its_numbers_and_the_others_exactly(
    client, editor, issue, page_pdfs
):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    a01 = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "text", "article": a01.number, "headline": "改过的标题"},
        content_type="application/json",
    )
    before = rows(issue)
    page = Page.objects.get(issue=issue, number="A02")
    assert client.post(f"/desk/issues/{issue.pk}/pages/{page.pk}/reanalyse/").status_code == 302
    after = rows(issue)
    assert after["pages"] == before["pages"][:1] + after["pages"][1:2] + before["pages"][2:]
    assert [a[1:5] for a in after["articles"]] == [a[1:5] for a in before["articles"]]
    assert [r for r in after["regions"] if r[2] != "A02"] == [
        r for r in before["regions"] if r[2] != "A02"
    ]
    boxes = lambda rs: sorted(r[1:] for r in rs if r[2] == "A02")  # noqa: E731
    assert boxes(after["regions"]) == boxes(before["regions"])
    assert Article.objects.get(issue=issue, number=a01.number).headline == "改过的标题"


def test_continued_articles_stay_joined_through_every_rerun(publication, tmp_path):
    """The failure: the continuation of article 1 on page 05 became an empty article 31."""
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

    profile = DEMO_PUBLICATIONS[0]
    generated = generate_issue(profile, ISSUE_DATE, 8)
    files = write_issue(generated, tmp_path / "issue")
    manifest = tmp_path / "labels.json"
    manifest.write_text(
        json.dumps(
            {
                "pages": [
                    {"file": f.name, "number": p.number, "name": p.name}
                    for f, p in zip(files, generated.pages, strict=True)
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    def request(**extra):
        return IngestRequest(
            publication="jcrb", date=ISSUE_DATE, files=files, manifest=manifest, workers=1, **extra
        )

    def shape(issue):
        return {
            a.number: (a.headline, sorted({r.page.number for r in a.regions.all()}), a.body)
            for a in Article.objects.filter(issue=issue).prefetch_related("regions__page")
        }

    issue = ingest(request(publish=True)).issue
    first = shape(issue)
    continued = [n for n, (_, pages, _) in first.items() if len(pages) > 1]
    assert continued, "the sample issue should have a story continued on another page"
    # Everything analysed again: the same numbers, the same joins, the same text.
    again = ingest(request(reanalyse=True))
    assert again.stored and again.stored.pages_processed == 8
    assert shape(issue) == first
    # Only the continuation page analysed again.
    target = first[continued[0]][1][-1]
    ingest(request(reanalyse={target}))
    assert shape(issue) == first


def test_undo_after_reprocessing(client, editor, issue, page_pdfs, tmp_path):
    """The failure: undo answered 500 after re-processing."""
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    a01 = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    old = a01.headline
    client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "text", "article": a01.number, "headline": "改过的标题"},
        content_type="application/json",
    )
    # A03 replaced: the correction on A01 still undoes.
    upload(client, issue, write_page_pdf(tmp_path / "A03.pdf", zh_articles(8), header="A03"))
    response = client.post(f"/desk/issues/{issue.pk}/undo/")
    assert response.status_code == 200
    assert Article.objects.get(issue=issue, number=a01.number).headline == old
    # A correction on A03, then A03 replaced again: that correction is superseded, and undo
    # says so instead of resurrecting the old page's zones.
    a03 = Article.objects.filter(issue=issue, page__number="A03").order_by("order").first()
    client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "text", "article": a03.number, "headline": "又改了"},
        content_type="application/json",
    )
    (tmp_path / "v2").mkdir()
    upload(client, issue, write_page_pdf(tmp_path / "v2" / "A03.pdf", zh_articles(9), header="A"))
    superseded = Change.objects.get(issue=issue, action="text_edited", params__article=a03.number)
    assert not superseded.undoable and superseded.params["superseded"]
    response = client.post(f"/desk/issues/{issue.pk}/undo/")
    assert response.status_code in (200, 400)
    assert Article.objects.filter(issue=issue, page__number="A03").exists()
    # The audit trail's numbers still name the same stories.
    assert Article.objects.get(issue=issue, number=a01.number).page.number == "A01"


def test_review_tab_survives_reprocessing(client, editor, issue, page_pdfs, tmp_path):
    """The failure: an editor's open review tab answered 404 after a re-run."""
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    page = Page.objects.get(issue=issue, number="A02")
    url = f"/desk/issues/{issue.pk}/review/{page.pk}/"
    assert client.get(url).status_code == 200
    upload(client, issue, write_page_pdf(tmp_path / "A02.pdf", zh_articles(6), header="A02"))
    assert client.get(url).status_code == 200
    data = client.get(url + "data.json").json()
    assert data["page"]["number"] == "A02" and any(a["on_page"] for a in data["articles"])


def test_removing_a_page_of_a_published_issue_needs_confirmation(client, editor, ingested):
    client.force_login(editor)
    page = Page.objects.get(issue=ingested, number="A02")
    gone = dict(Article.objects.filter(issue=ingested, page=page).values_list("number", "headline"))
    kept = dict(
        Article.objects.filter(issue=ingested)
        .exclude(page=page)
        .exclude(kind="advert")
        .values_list("number", "headline")
    )
    url = f"/desk/issues/{ingested.pk}/pages/{page.pk}/remove/"
    screen = client.get(url).content.decode()
    assert "A02" in screen and all(h in screen for h in gone.values())
    # Without the confirmation nothing happens.
    assert client.post(url).status_code == 200
    assert Page.objects.filter(pk=page.pk).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()
    for number in gone:
        assert client.get(f"/jcrb/{DAY}/a/{number}/").status_code == 410
        assert client.get(f"/jcrb/{DAY}/a/{number}.json").status_code == 410
    assert article_urls(client, ingested) == kept
    change = Change.objects.filter(issue=ingested, action="page_removed").get()
    assert change.user == editor and set(change.params["articles"]) == set(gone)


def test_merged_article_redirects_and_numbers_are_never_reused(client, editor, ingested):
    client.force_login(editor)
    first, second, *_ = Article.objects.filter(issue=ingested).order_by("number")
    client.post(
        f"/desk/issues/{ingested.pk}/changes/",
        {"op": "merge", "article": first.number, "other": second.number},
        content_type="application/json",
    )
    response = client.get(f"/jcrb/{DAY}/a/{second.number}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/a/{first.number}/")
    last = Article.objects.filter(issue=ingested).order_by("-number").first()
    client.post(
        f"/desk/issues/{ingested.pk}/changes/",
        {"op": "delete", "article": last.number},
        content_type="application/json",
    )
    assert client.get(f"/jcrb/{DAY}/a/{last.number}/").status_code == 410
    page = Page.objects.get(issue=ingested, number="A03")
    client.post(
        f"/desk/issues/{ingested.pk}/changes/",
        {"op": "add_zone", "page": page.pk, "box": [50, 950, 400, 1100]},
        content_type="application/json",
    )
    newest = Article.objects.filter(issue=ingested).order_by("-number").first()
    assert newest.number == last.number + 1  # the deleted number is not given again
    assert RetiredArticle.objects.filter(issue=ingested, number=last.number).exists()
    # Undo of the delete brings the article (and its URL) back.
    client.post(f"/desk/issues/{ingested.pk}/undo/")  # the drawn zone
    client.post(f"/desk/issues/{ingested.pk}/undo/")  # the delete
    assert client.get(f"/jcrb/{DAY}/a/{last.number}/").status_code == 200
    assert not RetiredArticle.objects.filter(issue=ingested, number=last.number).exists()


def test_audit_trail_records_every_page_action(client, editor, ingested, tmp_path, page_pdfs):
    from django.utils import translation

    client.force_login(editor)
    a03 = Page.objects.get(issue=ingested, number="A03")
    upload(client, ingested, write_page_pdf(tmp_path / "A04.pdf", zh_articles(4), header="A04"))
    client.post(
        f"/desk/issues/{ingested.pk}/pages/{a03.pk}/replace/",
        {"file": SimpleUploadedFile("A03-new.pdf", page_pdfs[1].read_bytes())},
    )
    client.post(f"/desk/issues/{ingested.pk}/pages/{a03.pk}/", {"label": "A03", "name": "文化"})
    a04 = Page.objects.get(issue=ingested, number="A04")
    client.post(f"/desk/issues/{ingested.pk}/pages/{a04.pk}/remove/", {"confirm": "1"})
    client.post(f"/desk/issues/{ingested.pk}/withdraw/", {"reason": "法律问题"})
    actions = list(
        Change.objects.filter(issue=ingested).order_by("at", "id").values_list("action", flat=True)
    )
    for action in (
        "page_uploaded",
        "processed",
        "page_replaced",
        "page_renamed",
        "page_removed",
        "withdrawn",
    ):
        assert action in actions, (action, actions)
    assert all(
        c.user == editor for c in Change.objects.filter(issue=ingested).exclude(action="processed")
    )
    with translation.override("zh-hans"):
        history = client.get(
            f"/desk/issues/{ingested.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
    assert "已上传" in history and "已撤回" in history and "editor" in history


def test_publish_times_in_the_far_future_are_refused(client, editor, ingested):
    client.force_login(editor)
    Issue.objects.filter(pk=ingested.pk).update(status="ready")
    far = (dt.date.today() + dt.timedelta(days=800)).isoformat() + "T08:00"
    response = client.post(
        f"/desk/issues/{ingested.pk}/publish/", {"when": "at", "publish_at": far, "confirm": "1"}
    )
    assert response.status_code == 302
    ingested.refresh_from_db()
    assert ingested.publish_at is None


def test_a_corrected_body_survives_processing_its_continuation_again(
    publication, tmp_path, client, editor
):
    """A story continued on another page, its text corrected on the desk, then the
    continuation page analysed again: the correction stays, nothing is doubled, and the
    continuation's paragraphs are the new analysis's."""
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

    generated = generate_issue(DEMO_PUBLICATIONS[0], ISSUE_DATE, 8)
    files = write_issue(generated, tmp_path / "issue")
    issue = ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=files, workers=1, publish=True)
    ).issue
    article = next(
        a
        for a in Article.objects.filter(issue=issue)
        if a.regions.values("page").distinct().count() > 1
    )
    later = (
        Page.objects.filter(regions__article=article)
        .exclude(pk=article.page_id)
        .order_by("-sequence")
        .first()
    )
    client.force_login(editor)
    first_paragraph = article.body[0]["text"]
    body = "\n\n".join(b["text"] for b in article.body)
    response = client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {
            "op": "text",
            "article": article.number,
            "body": body.replace(first_paragraph, "改正后的第一段。", 1),
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    before = [b["text"] for b in Article.objects.get(pk=article.pk).body]
    client.post(f"/desk/issues/{issue.pk}/pages/{later.pk}/reanalyse/")
    after = Article.objects.get(issue=issue, number=article.number)
    assert [b["text"] for b in after.body] == before
    assert {b.get("page") for b in after.body} == {article.page_id, later.pk}
    assert after.regions.filter(page=later).exists()
