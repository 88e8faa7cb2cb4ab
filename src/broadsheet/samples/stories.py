"""Stories: headline, kicker, byline and an endless supply of paragraphs for one article."""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass, field

from . import vocab_en, vocab_zh

_SLOT = re.compile(r"\{(\w+)\}")

PICTURE_TITLES_ZH = [
    "初冬江城",
    "湿地候鸟",
    "夜色滨江",
    "老街新貌",
    "丰收时节",
    "运动达人",
    "城市之窗",
    "江畔晨光",
]
PICTURE_TITLES_EN = [
    "Winter light",
    "On the water",
    "Harvest time",
    "Night market",
    "First frost",
    "Morning run",
]


@dataclass
class Paragraph:
    text: str
    sentence_ends: list[int]  # offsets just after each sentence
    kind: str = "para"  # "para" or "subhead"


@dataclass
class Story:
    """One article's words. Paragraphs come from ``next_paragraph`` for as long as space lasts."""

    language: str
    topic: str
    rng: random.Random
    date: datetime.date
    kicker: str = ""
    headline: str = ""
    headline_key: str = ""  # the template the headline was filled from
    subheadline: str = ""
    byline: str = ""
    credit: str = ""
    caption: str = ""
    _deck: list[str] = field(default_factory=list)
    _subheads: list[str] = field(default_factory=list)
    _refills: int = 0

    @property
    def chinese(self) -> bool:
        return self.language.startswith("zh")

    @property
    def vocab(self):  # type: ignore[no-untyped-def]
        return vocab_zh if self.chinese else vocab_en

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda m: self._slot(m.group(1)), template)

    def next_sentence(self) -> str:
        if not self._deck:
            topics = self.vocab.TOPICS
            self._deck = list(topics[self.topic]["sentence"]) + list(self.vocab.GENERIC)
            if self._refills:  # a long story: draw on a neighbouring beat rather than repeat
                other = self.rng.choice(sorted(t for t in topics if t != self.topic))
                self._deck += topics[other]["sentence"]
            self._refills += 1
            self.rng.shuffle(self._deck)
        return self.fill(self._deck.pop())

    def next_paragraph(self, sentences: int | None = None) -> Paragraph:
        count = sentences or self.rng.choice((2, 2, 3, 3, 3, 4))
        text = ""
        ends = []
        for _ in range(count):
            sentence = self.next_sentence()
            text += sentence if self.chinese or not text else " " + sentence
            ends.append(len(text))
        return Paragraph(text, ends)

    def next_subhead(self) -> Paragraph:
        if not self._subheads:
            self._subheads = list(self.vocab.TOPICS[self.topic]["subhead"])
            self.rng.shuffle(self._subheads)
        text = self.fill(self._subheads.pop())
        return Paragraph(text, [len(text)], kind="subhead")

    def _person(self) -> str:
        return person_name(self.rng, self.chinese)

    def _slot(self, name: str) -> str:  # noqa: C901 - one branch per slot name
        r = self.rng
        v = self.vocab
        zh = self.chinese
        if name == "person":
            return self._person()
        if name in ("num",):
            value = r.choice((r.randint(12, 99), r.randint(100, 980), r.randint(1000, 9800)))
            return str(value) if zh else f"{value:,}"
        if name in ("small", "small2"):
            return str(r.randint(2, 9))
        if name == "pct":
            return f"{r.randint(3, 30)}.{r.randint(1, 9)}%"
        if name == "month":
            return str(self.date.month)
        if name == "day":
            return str(self.date.day)
        if name == "day2":
            return str(min(self.date.day + r.randint(2, 5), 28))
        if name == "age":
            return str(r.randint(16, 24))
        if name == "temp":
            return str(r.randint(8, 16))
        if name == "minute":
            return str(r.randint(80, 90))
        if name == "score":
            a, b = r.randint(1, 4), r.randint(0, 3)
            a, b = max(a, b + 1), min(a, b)
            return f"{a}比{b}" if zh else f"{a}-{b}"
        if name == "city":
            return v.CITY
        if zh:
            table = {
                "district": v.DISTRICTS,
                "town": v.TOWNS,
                "community": v.COMMUNITIES,
                "road": v.ROADS,
                "gov": v.GOV,
                "company": v.COMPANIES,
                "school": v.SCHOOLS,
                "hospital": v.HOSPITALS,
                "venue": v.VENUES,
                "project": v.PROJECTS,
                "product": v.PRODUCTS,
                "team": v.TEAMS,
                "event": v.EVENTS,
                "festival": v.FESTIVALS,
                "weather": v.WEATHER,
            }
        else:
            table = {
                "district": v.DISTRICTS,
                "district2": v.DISTRICTS,
                "street": v.STREETS,
                "street2": v.STREETS,
                "body": v.BODIES,
                "company": v.COMPANIES,
                "venue": v.VENUES,
                "school": v.SCHOOLS,
                "team": v.TEAMS,
                "team2": v.TEAMS,
                "role": v.ROLES,
                "official": v.OFFICIALS,
            }
        value = r.choice(table[name])
        if not zh and value.startswith("the ") and name in ("team", "team2", "body", "venue"):
            return value  # sentence templates are written for a lowercase article
        return value


class HeadlineLedger:
    """Headlines used so far: never twice on a page, and not twice in an issue if avoidable."""

    def __init__(self) -> None:
        self.issue: set[str] = set()
        self.page: set[str] = set()

    def new_page(self) -> None:
        self.page = set()

    def fresh(self, headline: str, *, whole_issue: bool) -> bool:
        return headline not in self.page and not (whole_issue and headline in self.issue)

    def add(self, headline: str) -> None:
        self.issue.add(headline)
        self.page.add(headline)


def person_name(r: random.Random, chinese: bool) -> str:
    if chinese:
        given = "".join(r.choice(vocab_zh.GIVEN) for _ in range(r.choice((1, 2, 2))))
        return r.choice(vocab_zh.SURNAMES) + given
    return f"{r.choice(vocab_en.FIRST_NAMES)} {r.choice(vocab_en.LAST_NAMES)}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def topics_for(language: str, section: str) -> list[str]:
    vocab = vocab_zh if language.startswith("zh") else vocab_en
    for key, topics in vocab.SECTION_TOPICS.items():
        if key in section:
            return topics
    return list(vocab.TOPICS)


def make_story(
    rng: random.Random,
    language: str,
    section: str,
    date: datetime.date,
    *,
    kicker: bool = False,
    subheadline: bool = False,
    byline: bool = True,
    credit: bool = False,
    credit_marks: tuple[str, ...] = (),
    ledger: HeadlineLedger | None = None,
) -> Story:
    vocab = vocab_zh if language.startswith("zh") else vocab_en
    for attempt in range(40):
        # the section's beats first, then any beat; a repeat within the issue only at the end
        topic = rng.choice(topics_for(language, section) if attempt < 15 else sorted(vocab.TOPICS))
        story = Story(language=language, topic=topic, rng=rng, date=date)
        templates = story.vocab.TOPICS[topic]
        template = rng.choice(templates["headline"])
        story.headline = _capitalise(story.fill(template))
        story.headline_key = template  # "plant 45 trees" and "plant 94 trees" are one headline
        if ledger is None or ledger.fresh(template, whole_issue=attempt < 30):
            break
    if ledger is not None:
        ledger.add(story.headline_key)
    if kicker:
        story.kicker = story.fill(rng.choice(templates["kicker"]))
    if subheadline:
        story.subheadline = story.fill(rng.choice(templates["subheadline"]))
    if byline:
        story.byline = _byline(story)
    if credit and credit_marks:
        story.credit = (
            f"（{rng.choice(vocab_zh.SURNAMES + '江城东湖南浦')} {rng.choice(credit_marks)}）"
        )
    story.caption = _caption(story, templates["caption"])
    return story


def picture_title(rng: random.Random, language: str) -> str:
    return rng.choice(PICTURE_TITLES_ZH if language.startswith("zh") else PICTURE_TITLES_EN)


def _byline(story: Story) -> str:
    r = story.rng
    if story.chinese:
        day_before = story.date - datetime.timedelta(days=1)
        forms = [
            "本报记者 {a}",
            "本报记者 {a} 通讯员 {b}",
            "本报记者 {a} {b}",
            "通讯员 {a} 本报记者 {b}",
            f"新华社北京{day_before.month}月{day_before.day}日电（记者 {{a}}）",
        ]
    else:
        forms = ["By {a}", "By {a}, Staff Writer", "By {a} and {b}", "By {a}, Business Editor"]
    return r.choice(forms).format(a=story._person(), b=story._person())


def _caption(story: Story, templates: list[str]) -> str:
    r = story.rng
    text = story.fill(r.choice(templates))
    if story.chinese:
        return text + r.choice(("  本报记者 {p} 摄", "  {p} 摄", "  通讯员 {p} 摄")).format(
            p=story._person()
        )
    return text + r.choice((" Photo: {p}", " ({p}/The Riverside Courier)")).format(
        p=story._person()
    )


def advert_copy(rng: random.Random, language: str, date: datetime.date) -> tuple[str, str]:
    story = Story(language=language, topic="", rng=rng, date=date)
    title, body = rng.choice(story.vocab.ADVERTS)
    return story.fill(title), story.fill(body)
