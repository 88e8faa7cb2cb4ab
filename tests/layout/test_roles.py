from __future__ import annotations

import pytest

from broadsheet.layout.roles import is_byline, is_jump_line, jump_of


@pytest.mark.parametrize(
    "text",
    [
        "本报记者 王明",
        "本报记者 李华 通讯员 赵强",
        "新华社记者 张三",
        "（李华 摄）",
        "By Anna Moss",
        "Staff Writer",
        "文/刘洋",
    ],
)
def test_bylines(text: str) -> None:
    assert is_byline(text)


@pytest.mark.parametrize(
    "text", ["城市公园今年新增绿地面积较去年明显扩大", "The council voted on Monday"]
)
def test_not_bylines(text: str) -> None:
    assert not is_byline(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（下转第3版）", ("to", "3")),
        ("上接第1版", ("from", "1")),
        ("下转A5版", ("to", "A5")),
        ("Continued on Page A5", ("to", "A5")),
        ("Continued from page 1", ("from", "1")),
        ("continued on page 12", ("to", "12")),
        ("● a pagina 24", ("to", "24")),
        ("● alle pagine 20 e 21", ("to", "20")),
        ("● da pagina 2 a 7", ("to", "2")),
        ("continua da pagina 1", ("from", "1")),
        ("suite page 5", ("to", "5")),
        ("Suite de la page 1", ("from", "1")),
        ("Fortsetzung auf Seite 3", ("to", "3")),
        ("weiter von Seite 1", ("from", "1")),
        ("Continúa en la página 4", ("to", "4")),
        ("Viene de la página 1", ("from", "1")),
    ],
)
def test_jumps(text: str, expected: tuple[str, str]) -> None:
    assert jump_of(text) == expected
    assert is_jump_line(text)


def test_jump_mentioned_in_a_long_sentence_is_not_a_jump_line() -> None:
    assert not is_jump_line(
        "记者注意到，这篇报道在下转第3版的位置刊登了更多细节和各方面的采访内容，读者可以查看"
    )
