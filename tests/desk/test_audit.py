"""The audit trail stores actions and parameters and speaks the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from broadsheet.desk import audit
from broadsheet.desk.models import Change, IssueDesk
from broadsheet.newspaper.models import Article, IssueEvent
from tests.desk.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    article = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    zone = article.regions.filter(role="zone").first()
    response = client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "set_zone", "region": zone.pk, "box": [10, 20, 300, 400]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.json()["summary"].startswith("Zone of #")
    return issue, article


def test_entries_are_stored_as_action_and_parameters(edited):
    issue, article = edited
    change = Change.objects.filter(issue=issue).first()
    assert change.action == "zone_moved"
    assert change.params == {"article": article.number, "article_headline": article.title[:80]}
    # An English rendering is kept for the admin.
    assert change.summary == f"Zone of #{article.number} {article.title} moved or resized"


def test_sentences_are_rendered_in_the_readers_language(client, edited):
    issue, article = edited
    change = Change.objects.filter(issue=issue).first()
    with translation.override("zh-hans"):
        assert change.description == f"#{article.number} {article.title} 的区块已移动或调整大小"
    with translation.override("en"):
        assert change.description.startswith("Zone of #")
    zh = client.get(f"/desk/issues/{issue.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "的区块已移动或调整大小" in zh.content.decode()
    en = client.get(f"/desk/issues/{issue.pk}/history/", HTTP_ACCEPT_LANGUAGE="en")
    assert "moved or resized" in en.content.decode()


def test_undo_names_what_it_undid(client, edited):
    issue, article = edited
    response = client.post(f"/desk/issues/{issue.pk}/undo/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["summary"].startswith("已撤销：#")
    undo = Change.objects.filter(issue=issue).first()
    assert undo.action == "undone" and undo.params["change"]["action"] == "zone_moved"
    with translation.override("en"):
        assert undo.description.startswith(f"Undone: Zone of #{article.number}")


def test_every_operation_has_a_sentence(client, edited):
    issue, article = edited
    other = Article.objects.filter(issue=issue, page__number="A01").order_by("order")[1]
    for op in (
        {"op": "kind", "article": article.number, "kind": "advert"},
        {"op": "text", "article": article.number, "headline": "新标题"},
        {"op": "merge", "article": article.number, "other": other.number},
    ):
        assert (
            client.post(
                f"/desk/issues/{issue.pk}/changes/", op, content_type="application/json"
            ).status_code
            == 200
        )
    with translation.override("zh-hans"):
        texts = [c.description for c in Change.objects.filter(issue=issue)]
    assert texts[0] == f"#{other.number} {other.title} 已并入 #{article.number} 新标题"
    assert texts[1] == f"#{article.number} 新标题 的文字已修改"
    assert texts[2].endswith("已标为广告")


def test_old_entries_show_their_stored_text(client, editor, issue):
    Change.objects.create(
        issue=issue, user=editor, action="set_zone", summary="zone of #1 旧标题 moved/resized"
    )
    client.force_login(editor)
    html = client.get(f"/desk/issues/{issue.pk}/history/").content.decode()
    assert "zone of #1 旧标题 moved/resized" in html


def test_events_of_the_desk_follow_the_language(client, editor, issue):
    client.force_login(editor)
    audit.record(issue, editor, "withdrawn", {"reason": "版面有误"}, event=True)
    event = IssueEvent.objects.get(issue=issue, step="desk_withdraw")
    assert event.message == "Withdrawn: 版面有误 (editor)"
    html = client.get(f"/desk/issues/{issue.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "已撤回：版面有误 (editor)" in html.content.decode()
    with pytest.raises(ValueError):
        audit.record(issue, editor, "no such action")


def test_processing_outcome_is_translated(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    state = IssueDesk.objects.get(issue=issue)
    assert state.outcome["pages"] == 3
    articles = state.outcome["articles"]
    zh = client.get(f"/desk/issues/{issue.pk}/progress.json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.json()["message"].startswith(f"3 版，{articles} 篇文章")
    en = client.get(f"/desk/issues/{issue.pk}/progress.json", HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["message"].startswith(f"3 pages, {articles} articles")
    page = client.get(f"/desk/issues/{issue.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"3 版，{articles} 篇文章" in page.content.decode()


def test_ingest_events_are_shown_in_the_readers_language():
    with translation.override("zh-hans"):
        assert audit.event_text("render_cpu", "render_cpu done") == "渲染：完成"
        assert audit.step_name("pages") == "逐版处理"
        assert (
            audit.event_text("store", "replaced 3 pages, 6 articles from 3 file(s)")
            == "已替换：3 版，6 篇文章，来自 3 个文件"
        )
        assert audit.event_text("analyse", "page 2: no text layer") == "page 2: no text layer"
