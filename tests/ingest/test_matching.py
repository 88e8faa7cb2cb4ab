"""The pure rules that keep article numbers through re-runs (broadsheet.ingest.matching)."""

from __future__ import annotations

from broadsheet.ingest.matching import (
    Group,
    Piece,
    Signature,
    assign_numbers,
    group_pieces,
    match_pieces,
    text_similarity,
)

LEAD = "市政府昨日召开常务会议，研究部署老旧小区改造工作，今年将完成改造一百二十个小区。"
SECOND = "社区服务中心开展志愿活动，居民踊跃参加，活动持续到本月底。"
THIRD = "The city council approved the new budget for the harbour bridge on Tuesday night."


def sig(text: str, box: tuple[float, float, float, float], headline: str = "") -> Signature:
    return Signature.of(text, headline, [box])


def test_the_same_page_matches_itself_one_to_one():
    old = [
        sig(LEAD, (0, 0, 300, 400), "改造"),
        sig(SECOND, (0, 400, 300, 800)),
        sig(THIRD, (300, 0, 600, 800)),
    ]
    assert match_pieces(old, list(reversed(old))) == {0: 2, 1: 1, 2: 0}


def test_a_corrected_story_still_matches_and_a_new_one_does_not():
    old = [sig(LEAD, (0, 0, 300, 400), "老旧小区改造"), sig(SECOND, (0, 400, 300, 800))]
    corrected = sig(LEAD.replace("一百二十", "一百三十"), (0, 2, 300, 410), "老旧小区改造提速")
    unrelated = sig(THIRD, (310, 0, 600, 300))
    assert match_pieces(old, [unrelated, corrected]) == {1: 0}


def test_place_alone_is_not_enough_without_text():
    old = [sig(LEAD, (0, 0, 300, 400))]
    assert match_pieces(old, [sig(THIRD, (0, 0, 300, 400))]) == {}
    assert text_similarity(LEAD, LEAD) == 1.0
    assert text_similarity(LEAD, THIRD) < 0.05


def piece(page: int, pid: str, position: int = 0, **kw) -> Piece:
    return Piece(key=(page, pid), position=position, **kw)


def test_identity_keeps_a_continuation_joined_when_the_jump_line_is_lost():
    start = piece(1, "n7", origin=7, origin_start=True, kept=True, has_headline=True)
    # Page 5 analysed again: its piece continues article 7 but the new analysis lost the link.
    cont = piece(5, "p5-a2", 1, origin=7)
    other = piece(5, "p5-a1", 0)
    groups = group_pieces([start, other, cont])
    assert [[p.key for p in g.pieces] for g in groups] == [
        [(1, "n7"), (5, "p5-a2")],
        [(5, "p5-a1")],
    ]


def test_jump_links_between_two_kept_pieces_do_not_regroup_them():
    a = piece(1, "n1", origin=1, origin_start=True, kept=True, continued_to=(2, "n2"))
    b = piece(2, "n2", origin=2, origin_start=True, kept=True, continued_from=(1, "n1"))
    assert len(group_pieces([a, b])) == 2


def test_a_new_jump_link_joins_a_new_piece_to_a_kept_start():
    a = piece(1, "n3", origin=3, origin_start=True, kept=True)
    b = piece(4, "p4-a1", continued_from=(1, "n3"))
    a.continued_to = (4, "p4-a1")
    groups = group_pieces([a, b])
    assert len(groups) == 1 and [p.key for p in groups[0].pieces] == [(1, "n3"), (4, "p4-a1")]


def test_numbers_follow_the_start_and_left_over_ones_are_retired_or_merged():
    # Old: 1 (start on p1, continued on p2), 2 (p2), 3 (p3). Page 2 processed again: its new
    # pieces continue 1 and merge 2's text into one story; page 3's story is gone.
    g1 = Group([piece(1, "n1", origin=1, origin_start=True, kept=True), piece(2, "x", origin=1)])
    g2 = Group([piece(2, "y", 1, origin=2, origin_start=True), piece(2, "z", 2, origin=2)])
    g3 = Group([piece(3, "new", 0)])
    numbering = assign_numbers([g1, g2, g3], [1, 2, 3, 9], last=9)
    assert (g1.number, g2.number, g3.number) == (1, 2, 10)
    assert numbering.retired == {3: None, 9: None}


def test_a_merge_redirects_the_absorbed_number():
    both = Group(
        [
            piece(1, "a", origin=4, origin_start=True),
            piece(1, "b", 1, origin=5, origin_start=True),
        ]
    )
    numbering = assign_numbers([both], [4, 5], last=5)
    assert both.number == 4 and numbering.retired == {5: 4}


def test_a_kept_start_beats_a_matched_one():
    matched = Group([piece(1, "p", origin=6, origin_start=True)])
    kept = Group([piece(2, "n6", origin=6, origin_start=True, kept=True)])
    assign_numbers([matched, kept], [6], last=6)
    assert kept.number == 6 and matched.number == 7
