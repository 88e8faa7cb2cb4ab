"""The replicated backend: two app servers (two index folders) on one database.

Server A is this process's configured backend (what ``index_issue`` and the views use); server B
is a second replica in another folder. Changes reach both through the change log, which a
trigger writes in the changing transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from broadsheet.newspaper.models import Article, Issue
from broadsheet.search import api, changelog
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.replicated import ReplicatedBackend, State, forget_replica
from broadsheet.search.models import SearchChange, SearchSnapshot
from broadsheet.search.query import parse_query
from broadsheet.search.tantivy_index import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def servers(settings: Any, tmp_path: Path) -> Any:
    settings.SEARCH_BACKEND = "replicated"
    made: list[Path] = []

    def server(name: str) -> ReplicatedBackend:
        path = tmp_path / name / "replicated-2"
        made.append(path)
        return ReplicatedBackend(path)

    yield server
    for path in made:
        forget_replica(path)


def found(backend: Any, query: str) -> set[int]:
    total, ranked = backend.search(parse_query(query), Filters(), limit=100)
    assert total == len(ranked)
    return {pk for pk, _score in ranked}


def article_ids(issue: Issue) -> set[int]:
    return set(Article.objects.filter(issue=issue).values_list("pk", flat=True))


def correct(issue: Issue, body: str) -> None:
    """An editor's correction of the first article, committed; nobody calls index_issue."""
    from broadsheet.desk.publishing import after_correction

    a = Article.objects.filter(issue=issue).order_by("number").first()
    assert a is not None
    a.body = [{"type": "paragraph", "text": body}]
    a.save()
    after_correction(issue)


def test_publish_and_correction_reach_both_servers_at_once(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    a, b = get_backend(), servers("b")
    assert a.name == "replicated"
    issue = make_issue([("港口新闻", "集装箱吞吐量创新高"), ("天气", "明日有雨")])
    assert found(a, "集装箱") == found(b, "集装箱") != set()
    correct(issue, "港口全年货运量稳步增长")
    for server in (a, b):
        assert found(server, "集装箱") == set()
        assert len(found(server, "货运量")) == 1
    draft = make_issue(
        [("晚报", "航运指数回升")],
        date=issue.date.replace(day=16),
        status=Issue.Status.READY,
        index=False,
    )
    assert found(b, "航运指数") == set()
    draft.publish()
    draft.save()
    assert found(a, "航运指数") == found(b, "航运指数") == article_ids(draft)


def test_unpublish_removes_hits_from_both(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    from broadsheet.desk.publishing import unpublish

    a, b = get_backend(), servers("b")
    issue = make_issue([("撤回", "这篇稿件将被撤下")])
    assert found(a, "稿件") == found(b, "稿件") == article_ids(issue)
    unpublish(issue, None)
    assert found(a, "稿件") == found(b, "稿件") == set()
    Issue.objects.filter(pk=issue.pk).delete()
    assert SearchChange.objects.filter(issue_id=issue.pk).count() >= 3  # insert, unpublish, delete


def test_new_server_from_snapshot_and_log_without_reindexing(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    a = get_backend()
    issues = [
        make_issue(
            [
                (f"第{d}期要闻", f"城市建设第{d}阶段"),
                ("经济", "市场繁荣发展"),
                ("体育", "足球联赛"),
            ],
            date=dt.date(2024, 3, d),
        )
        for d in range(1, 6)
    ]
    call_command("search_snapshot", keep=1, verbosity=0)
    snap = SearchSnapshot.objects.get()
    assert snap.articles == 15
    # After the snapshot: one correction, one new issue, one withdrawal.
    correct(issues[0], "城市绿化第一阶段完工")
    late = make_issue([("新刊", "城市建设新阶段"), ("经济", "市场繁荣")], date=dt.date(2024, 3, 9))
    Issue.objects.filter(pk=issues[1].pk).update(status=Issue.Status.WITHDRAWN)

    fresh = servers("new")
    assert fresh.is_empty()
    assert fresh.replica.restore()
    # Only the issues changed after the snapshot were indexed: 3 + 2 + 0 articles, not 17.
    assert fresh.replica.articles_indexed == 5
    full = servers("full")
    full.replica.rebuild()
    assert full.replica.index is not None and full.replica.index.num_docs() == 15 - 3 + 2
    for q in ("城市建设", "市场繁荣", "足球", "绿化", "阶段", "经济"):
        assert found(fresh, q) == found(full, q) == found(a, q), q
    assert article_ids(late) <= found(fresh, "城市建设") | found(fresh, "市场繁荣")
    assert article_ids(issues[1]).isdisjoint(found(fresh, "经济"))


def test_failure_while_applying_keeps_the_index_and_retries(
    servers: Callable[[str], ReplicatedBackend],
    make_issue: Callable[..., Issue],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    b = servers("b")
    one = make_issue([("一", "钢铁产量上升")], date=dt.date(2024, 1, 1))
    two = make_issue([("二", "钢铁出口增加")], date=dt.date(2024, 1, 2))
    assert found(b, "钢铁") == article_ids(one) | article_ids(two)
    high = b.replica.state.high if b.replica.state else 0
    correct(one, "煤炭价格回落")
    correct(two, "煤炭进口减少")
    real = api.issue_docs
    calls: list[int] = []

    def flaky(issue_id: int) -> Any:
        calls.append(issue_id)
        if issue_id == two.pk:  # the first issue is already in the writer: it must not show
            raise OSError("disk full")
        return real(issue_id)

    monkeypatch.setattr(api, "issue_docs", flaky)
    with caplog.at_level(logging.ERROR):
        assert found(b, "钢铁") == article_ids(one) | article_ids(two)
    assert "applying the change log failed" in caplog.text
    assert found(b, "煤炭") == set()
    assert calls == [one.pk, two.pk] * 2  # tried again at the next search
    assert b.replica.state is not None and b.replica.state.high == high
    monkeypatch.setattr(api, "issue_docs", real)
    assert found(b, "煤炭") == article_ids(one) | article_ids(two)
    assert found(b, "钢铁") == set()


def test_log_survives_a_crash_between_commit_and_indexing(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    a, b = get_backend(), servers("b")
    issue = make_issue([("桥梁", "大桥合龙")], status=Issue.Status.READY, index=False)
    found(a, "大桥"), found(b, "大桥")  # both servers are up to date
    before = changelog.last_seq()
    with transaction.atomic():  # the publish commits, then the process dies before indexing
        issue.publish()
        issue.index_pending = True
        issue.save()
    assert changelog.last_seq() > before
    assert Issue.objects.get(pk=issue.pk).index_pending  # indexing never ran
    assert found(a, "大桥") == found(b, "大桥") == article_ids(issue)
    # A rolled-back change writes nothing.
    last = changelog.last_seq()
    with pytest.raises(RuntimeError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.WITHDRAWN)
        raise RuntimeError("crash before commit")
    assert changelog.last_seq() == last
    assert found(b, "大桥") == article_ids(issue)


def test_holes_are_looked_for_again() -> None:
    state = State(high=4).after([(5, 1), (8, 2)], now=100.0)
    assert state.high == 8 and state.live_holes(100.0) == [6, 7]
    state = state.after([(7, 3)], now=101.0)
    assert state.high == 8 and state.live_holes(101.0) == [6]
    assert state.live_holes(100.0 + changelog.HOLE_SECONDS) == []  # rolled back long ago


def test_snapshot_prunes_the_log_and_a_stale_server_restores(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    stale = servers("stale")
    issue = make_issue([("旧闻", "老城改造")])
    assert found(stale, "老城") == article_ids(issue)
    correct(issue, "新区规划")
    call_command("search_snapshot", keep=1, verbosity=0)
    snap = SearchSnapshot.objects.get()
    # Not past a number that was missing when the snapshot was made (still in a transaction?).
    assert changelog.pruned_below() == min([snap.seq + 1, *snap.holes])
    changelog.prune(snap.seq + 1)  # as the command does once those holes have expired
    assert stale.replica.state is not None and stale.replica.state.high < snap.seq
    assert not SearchChange.objects.filter(seq__lt=changelog.pruned_below()).exists()
    stale.replica.horizon_checked = 0.0  # its next check notices the pruned log
    assert found(stale, "新区") == article_ids(issue)
    assert found(stale, "老城") == set()


def test_search_snapshot_needs_the_replicated_backend(settings: Any) -> None:
    from django.core.management.base import CommandError

    settings.SEARCH_BACKEND = "tantivy"
    with pytest.raises(CommandError, match="replicated"):
        call_command("search_snapshot")


def test_search_json_and_reindex_command_on_a_replica(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue], client: Any
) -> None:
    issue = make_issue([("党建", "基层党建工作"), ("体育", "篮球比赛")], date=dt.date(2024, 5, 1))
    data = client.get("/search.json", {"q": "党建"}).json()
    assert data["total"] == 1 and data["hits"][0]["issue_id"] == issue.pk
    out = io.StringIO()
    call_command("reindex", "--from-scratch", stdout=out)  # no snapshot: from the database
    assert "indexed 2 articles from the database" in out.getvalue()
    assert client.get("/search.json", {"q": "篮球"}).json()["total"] == 1


def test_workers_of_one_server_apply_once_and_share(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue]
) -> None:
    from broadsheet.search.backends.replicated import Replica

    b = servers("b")  # makes the folder's first state
    issue = make_issue([("水利", "水库蓄水")])
    assert found(b, "水库") == article_ids(issue)
    path = b.replica.path
    one, two = Replica(path), Replica(path)  # two gunicorn workers of server B
    correct(issue, "灌溉面积扩大")
    assert one.sync() == 1
    assert two.sync() == 0  # found the rows, took the lock, saw the bookmark had moved
    assert two.state is not None and one.state is not None and two.state.high == one.state.high
    assert two.index is not None
    two.index.index.reload()
    assert {pk for pk, _ in two.index.search(parse_query("灌溉"))[1]} == article_ids(issue)


def test_results_are_kept_until_the_log_moves(
    servers: Callable[[str], ReplicatedBackend],
    make_issue: Callable[..., Issue],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page of results is kept under the replica's log position: asked again it costs no
    index search; a correction or a withdrawal moves the position, so it is never stale."""
    from broadsheet.desk.publishing import unpublish

    backend = get_backend()
    issue = make_issue([("港口新闻", "集装箱吞吐量创新高"), ("天气", "明日有雨")])
    calls: list[str] = []
    real = ReplicatedBackend.search

    def counted(self: ReplicatedBackend, *args: Any, **kwargs: Any) -> Any:
        calls.append("search")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ReplicatedBackend, "search", counted)
    first = api.search("集装箱")
    assert first.total == 1 and backend.state_token()
    again = api.search("集装箱")
    assert calls == ["search"], "the same search again went to the index"
    assert [h.as_json() for h in again.hits] == [h.as_json() for h in first.hits]
    assert api.search("集装箱", sort="date").total == 1 and len(calls) == 2  # another key

    correct(issue, "港口全年货运量稳步增长")  # the log moves: searched again, new answer
    assert api.search("集装箱").total == 0 and len(calls) == 3
    assert api.search("货运量").total == 1
    unpublish(issue, None)
    assert api.search("货运量").total == 0


def test_results_are_not_kept_by_backends_without_a_log_position(settings: Any) -> None:
    from broadsheet.search.backends.embedded import TantivyBackend

    assert TantivyBackend().state_token() is None
    assert api._results_key(None, "x", Filters(), "relevance", 0, 20) is None


def test_results_cache_can_be_switched_off(
    servers: Callable[[str], ReplicatedBackend], settings: Any
) -> None:
    settings.BROADSHEET_SEARCH_CACHE_SECONDS = 0
    assert api._results_key("log:1::5", "x", Filters(), "relevance", 0, 20) is None
    settings.BROADSHEET_SEARCH_CACHE_SECONDS = 300
    assert api._results_key("log:1::5", "x", Filters(), "relevance", 0, 20)


def test_kept_results_are_still_checked_for_each_reader(
    servers: Callable[[str], ReplicatedBackend], make_issue: Callable[..., Issue], client: Any
) -> None:
    """Snippets are blanked per request, after the kept page: a subscriber's search never
    fills the page another reader gets, nor the other way round."""
    from django.contrib.auth import get_user_model

    from broadsheet.access.models import AccessPolicy, Subscription

    issue = make_issue([("港口新闻", "集装箱吞吐量创新高")], date=dt.date.today())
    AccessPolicy.objects.create(publication=issue.publication, level="subscribers")
    users = get_user_model().objects
    subscriber = users.create_user("sub", password="x-long-password-1")
    Subscription.objects.create(user=subscriber, publication=issue.publication)
    client.force_login(subscriber)
    assert "<mark>" in client.get("/search.json", {"q": "集装箱"}).json()["hits"][0]["snippet"]
    client.force_login(users.create_user("reader", password="x-long-password-1"))
    hit = client.get("/search.json", {"q": "集装箱"}).json()["hits"][0]
    assert hit["snippet"] == "" and hit["headline"]
    client.force_login(subscriber)
    assert "<mark>" in client.get("/search.json", {"q": "集装箱"}).json()["hits"][0]["snippet"]
