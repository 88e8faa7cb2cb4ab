"""Publication profiles: what a title looks like (page size, grid, faces, sizes, page names)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PublicationProfile:
    slug: str
    name: str
    language: str  # "zh-hans" or "en"
    page_size: tuple[float, float]  # width, height in points
    columns: int  # the usual column count; pages vary within ``column_choices``
    sections: list[str]  # page names in page order, cycled when an issue has more pages
    column_choices: tuple[int, ...] = ()
    margin: tuple[float, float, float, float] = (36.0, 36.0, 36.0, 36.0)  # top right bottom left
    gutter: float = 12.0
    body_font: str = "uming"
    body_size: tuple[float, float] = (9.0, 10.0)  # range; each page picks one size
    leading: float = 1.3  # line height as a multiple of the body size
    headline_font: str = "zenhei"
    headline_bold: bool = True  # thicken the strokes (faces without a bold weight)
    headline_size: tuple[float, float] = (20.0, 44.0)  # secondary..lead
    kicker_font: str = "microhei"
    subheadline_font: str = "microhei"
    byline_font: str = "microhei"
    caption_font: str = "microhei"
    caption_size: float = 8.0
    subhead_font: str = "zenhei"
    masthead_font: str = "zenhei"
    masthead_size: float = 84.0
    accent: tuple[float, float, float] = (0.78, 0.08, 0.1)  # masthead and label colour
    rule_width: float = 0.5
    double_rule: bool = True  # header rule: a thick rule with a thin one under it
    label_format: str = "{:02d}"  # page label from the number inside its stack
    stack_size: int = 0  # pages per lettered stack (A01..A08, B01..); 0 = one stack
    center_headlines: bool = True
    indent_em: float = 2.0  # first-line indent of paragraphs
    credit_marks: tuple[str, ...] = field(default=("宣", "文", "编"))

    @property
    def is_chinese(self) -> bool:
        return self.language.startswith("zh")

    def page_label(self, index: int) -> str:
        """The printed page number of page ``index`` (1-based sequence)."""
        if self.stack_size:
            stack, number = divmod(index - 1, self.stack_size)
            return chr(ord("A") + stack) + self.label_format.format(number + 1)
        return self.label_format.format(index)

    def section_for(self, index: int) -> str:
        return self.sections[(index - 1) % len(self.sections)]


JIANGCHENG_DAILY = PublicationProfile(
    slug="jcrb",
    name="江城日报",
    language="zh-hans",
    page_size=(1000.0, 1400.0),
    columns=8,
    column_choices=(7, 8, 8),
    margin=(40.0, 40.0, 40.0, 40.0),
    gutter=12.0,
    body_font="uming",
    body_size=(9.5, 10.5),
    leading=1.32,
    headline_font="zenhei",
    headline_size=(20.0, 48.0),
    kicker_font="microhei",
    subheadline_font="microhei",
    byline_font="microhei",
    caption_font="microhei",
    subhead_font="zenhei",
    masthead_font="zenhei",
    masthead_size=96.0,
    label_format="{:02d}",
    sections=[
        "要闻",
        "要闻",
        "综合新闻",
        "经济",
        "城事",
        "民生",
        "区县新闻",
        "文化",
        "教育",
        "健康",
        "体育",
        "国内新闻",
        "国际新闻",
        "理论",
        "副刊",
        "专版",
    ],
)

JIANGCHENG_EVENING = PublicationProfile(
    slug="jcwb",
    name="江城晚报",
    language="zh-hans",
    page_size=(842.0, 1191.0),
    columns=6,
    column_choices=(5, 6, 6, 7),
    margin=(34.0, 32.0, 34.0, 32.0),
    gutter=11.0,
    body_font="microhei",
    body_size=(9.0, 9.8),
    leading=1.36,
    headline_font="zenhei",
    headline_size=(20.0, 42.0),
    kicker_font="uming",
    subheadline_font="uming",
    byline_font="zenhei",
    caption_font="uming",
    subhead_font="zenhei",
    masthead_font="zenhei",
    masthead_size=78.0,
    accent=(0.05, 0.28, 0.6),
    double_rule=False,
    label_format="{:02d}",
    stack_size=8,
    sections=[
        "今日关注",
        "城事",
        "城事",
        "民生",
        "消费",
        "教育",
        "健康",
        "文体",
        "体育",
        "区县",
        "国内",
        "天下",
        "财经",
        "副刊",
        "生活",
        "资讯",
    ],
)

RIVERSIDE_COURIER = PublicationProfile(
    slug="courier",
    name="The Riverside Courier",
    language="en",
    page_size=(792.0, 1224.0),
    columns=5,
    column_choices=(4, 5, 5, 6),
    margin=(36.0, 36.0, 36.0, 36.0),
    gutter=12.0,
    body_font="liberation-serif",
    body_size=(8.8, 9.8),
    leading=1.25,
    headline_font="dejavu-serif-bold",
    headline_bold=False,
    headline_size=(18.0, 40.0),
    kicker_font="liberation-sans-bold",
    subheadline_font="liberation-serif-italic",
    byline_font="liberation-sans-bold",
    caption_font="liberation-sans",
    caption_size=7.8,
    subhead_font="liberation-sans-bold",
    masthead_font="liberation-serif-bold",
    masthead_size=64.0,
    accent=(0.1, 0.1, 0.1),
    label_format="{}",
    stack_size=12,
    center_headlines=False,
    indent_em=1.2,
    credit_marks=(),
    sections=[
        "Front Page",
        "News",
        "City",
        "City",
        "Business",
        "Business",
        "World",
        "Opinion",
        "Arts",
        "Arts",
        "Sport",
        "Sport",
        "Weather",
        "Community",
        "Living",
        "Sport",
    ],
)

DEMO_PUBLICATIONS: list[PublicationProfile] = [
    JIANGCHENG_DAILY,
    JIANGCHENG_EVENING,
    RIVERSIDE_COURIER,
]


def profile_by_slug(slug: str) -> PublicationProfile:
    for profile in DEMO_PUBLICATIONS:
        if profile.slug == slug:
            return profile
    known = ", ".join(p.slug for p in DEMO_PUBLICATIONS)
    raise KeyError(f"unknown publication {slug!r}; known: {known}")
