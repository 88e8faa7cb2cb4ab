"""A second producer of sample newspaper pages: HTML/CSS printed to PDF by Chromium.

The reportlab generator draws glyphs itself; Chromium lays out text with its own engine, writes
CJK fonts as Type3 and scales everything by a px-to-pt text matrix. Pages from both keep the page
analyser honest. Ground truth is read from the DOM after layout: element boxes in CSS px times
72/96 are PDF points, because the page is printed at scale 1 with its size set by ``@page``.

Text is generated from small word lists: never real newspaper text.

    pages = generate_pages(seed=1, count=4, language="zh")   # needs Playwright and /usr/bin/chromium
    pages[0].pdf, pages[0].truth
"""

from __future__ import annotations

import base64
import html
import io
import random
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

PX_TO_PT = 72 / 96
# Debian's Chromium, driven by Playwright (its own browser download is never used), and the
# flags that keep it off a closed network; the tests and benchmarks launch it the same way.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

_ZH_WORDS = [
    "城市",
    "社区",
    "居民",
    "服务",
    "建设",
    "发展",
    "项目",
    "推进",
    "工作",
    "会议",
    "部门",
    "乡村",
    "农业",
    "产业",
    "科技",
    "创新",
    "学校",
    "教育",
    "学生",
    "医院",
    "健康",
    "交通",
    "道路",
    "公园",
    "环境",
    "文化",
    "活动",
    "群众",
    "企业",
    "市场",
    "经济",
    "管理",
    "安全",
    "改革",
    "规划",
    "政策",
    "措施",
    "今年",
    "近日",
    "目前",
    "全面",
    "持续",
    "进一步",
    "有效",
    "积极",
    "重点",
    "基层",
    "志愿者",
    "老人",
    "儿童",
    "图书馆",
    "博物馆",
    "体育",
    "比赛",
    "水利",
    "生态",
    "绿化",
    "旅游",
    "节日",
    "展览",
    "研究",
    "数据",
    "平台",
    "设施",
    "提升",
    "完善",
    "开展",
    "组织",
    "加强",
    "保障",
    "落实",
]
_ZH_PUNCT = ("，", "，", "，", "、")
_EN_WORDS = [
    "city",
    "council",
    "residents",
    "service",
    "plan",
    "project",
    "river",
    "valley",
    "school",
    "students",
    "teachers",
    "hospital",
    "health",
    "road",
    "bridge",
    "park",
    "market",
    "growth",
    "budget",
    "vote",
    "local",
    "board",
    "committee",
    "week",
    "season",
    "team",
    "festival",
    "museum",
    "library",
    "library",
    "harbour",
    "transit",
    "rail",
    "station",
    "farm",
    "harvest",
    "water",
    "energy",
    "research",
    "data",
    "program",
    "officials",
    "community",
    "volunteers",
    "children",
    "families",
    "neighbours",
    "report",
    "announced",
    "said",
    "expected",
    "would",
    "could",
    "new",
    "public",
    "open",
    "early",
    "late",
    "summer",
    "winter",
    "spring",
    "autumn",
]


@dataclass
class ChromiumPage:
    pdf: bytes
    truth: dict[str, Any]
    html: str


def _zh_sentence(rng: random.Random, lo: int = 3, hi: int = 8) -> str:
    words = [rng.choice(_ZH_WORDS) for _ in range(rng.randint(lo, hi))]
    out = ""
    for i, w in enumerate(words):
        out += w
        if i < len(words) - 1 and rng.random() < 0.2:
            out += rng.choice(_ZH_PUNCT)
    return out + "。"


def _en_sentence(rng: random.Random, lo: int = 6, hi: int = 16) -> str:
    words = [rng.choice(_EN_WORDS) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _zh_name(rng: random.Random) -> str:
    return rng.choice("王李张刘陈杨赵黄周吴") + "".join(
        rng.choice("明华军丽强静敏磊洋勇艳杰娟涛") for _ in range(rng.randint(1, 2))
    )


def _en_name(rng: random.Random) -> str:
    return f"{rng.choice(['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Frank', 'Grace', 'Hugo'])} {rng.choice(['Moss', 'Hart', 'Reed', 'Lowe', 'Park', 'Vance', 'Quinn'])}"


def _photo(rng: random.Random) -> str:
    img = Image.new("RGB", (160, 110), tuple(rng.randint(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randint(0, 150), rng.randint(0, 100)
        draw.ellipse(
            (x, y, x + rng.randint(10, 60), y + rng.randint(10, 50)),
            fill=tuple(rng.randint(0, 255) for _ in range(3)),
        )
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@dataclass
class _Style:
    body_font: str
    head_font: str
    body_size: float  # pt
    columns: int
    rules: bool
    head_weight: int


def _style(rng: random.Random, language: str) -> _Style:
    if language == "zh":
        body = rng.choice(["'Noto Serif CJK SC'", "'AR PL UMing CN'", "'WenQuanYi Zen Hei'"])
        head = rng.choice(["'Noto Sans CJK SC'", "'WenQuanYi Micro Hei'", "'Noto Serif CJK SC'"])
        size = rng.choice([9.0, 9.5, 10.0])
    else:
        body = rng.choice(["'DejaVu Serif'", "'Liberation Serif'"])
        head = rng.choice(["'Liberation Sans'", "'DejaVu Sans'", "'Liberation Serif'"])
        size = rng.choice([8.5, 9.0, 9.5])
    return _Style(
        body, head, size, rng.choice([4, 5, 6]), rng.random() < 0.7, rng.choice([700, 700, 900])
    )


def _split(
    rng: random.Random,
    x: int,
    y: float,
    w: int,
    h: float,
    depth: int,
    out: list[tuple[int, float, int, float]],
) -> None:
    """Guillotine-cut the page into article slots (x, w in columns; y, h in px)."""
    if (
        depth >= 3
        or (w <= 2 and h < 420)
        or (depth > 0 and rng.random() < 0.25 and w * h < 3 * 700)
    ):
        out.append((x, y, w, h))
        return
    if w >= 2 and (h < 500 or rng.random() < 0.5):
        cut = rng.randint(1, w - 1)
        _split(rng, x, y, cut, h, depth + 1, out)
        _split(rng, x + cut, y, w - cut, h, depth + 1, out)
    else:
        height_cut = h * rng.uniform(0.35, 0.65)
        _split(rng, x, y, w, height_cut, depth + 1, out)
        _split(rng, x, y + height_cut, w, h - height_cut, depth + 1, out)


_FIT_JS = """
(() => {
  for (const body of document.querySelectorAll('.body')) {
    const sentences = JSON.parse(body.dataset.sentences);
    const sep = body.dataset.lang === 'zh' ? '' : ' ';
    let p = document.createElement('p'); body.appendChild(p);
    for (const s of sentences) {
      if (s === '\\n') { if (p.textContent) { p = document.createElement('p'); body.appendChild(p); } continue; }
      const before = p.textContent;
      p.textContent = before ? before + sep + s : s;
      if (body.scrollWidth > body.clientWidth + 1 || body.scrollHeight > body.clientHeight + 1) {
        p.textContent = before;
        break;
      }
    }
    for (const q of [...body.querySelectorAll('p')]) if (!q.textContent) q.remove();
  }
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const textBox = (el) => { const rg = document.createRange(); rg.selectNodeContents(el); const r = rg.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return [...document.querySelectorAll('.article')].map(a => {
    const get = (c) => { const el = a.querySelector('.' + c); return el ? el.textContent : ''; };
    const regions = [];
    const blocks = [];
    for (const el of a.querySelectorAll('.kicker,.headline,.subheadline,.byline,.photo,.caption,.body,.jump,.adcopy')) {
      const role = el.classList[0] === 'adcopy' ? 'body' : el.classList[0];
      const b = (role === 'photo') ? box(el) : textBox(el);
      if (b[2] - b[0] < 1) continue;
      if (!a.querySelector('.advert-box')) regions.push(b);
      blocks.push({role, bbox: b, text: role === 'body' ? [...el.querySelectorAll('p')].map(p => p.textContent).join('\\n\\n') || el.textContent : el.textContent});
    }
    // an advert's area is its box, as the other producers' truth and an e-paper draw it
    const adBox = a.querySelector('.advert-box');
    if (adBox) regions.push(box(adBox));
    return {kind: a.dataset.kind, kicker: get('kicker'), headline: get('headline'), subheadline: get('subheadline'),
            byline: get('byline'), text: blocks.filter(b => b.role === 'body').map(b => b.text).join('\\n\\n'),
            regions, blocks, jump: a.dataset.jump || null};
  });
})()
"""


def _article_html(
    rng: random.Random,
    kind: str,
    language: str,
    st: _Style,
    cols: int,
    width_px: float,
    height_px: float,
    page_no: int,
) -> str:
    zh = language == "zh"
    sentence = _zh_sentence if zh else _en_sentence
    parts: list[str] = []
    jump_to = ""
    if kind == "advert":
        title = (
            rng.choice(["新品上市 欢迎选购", "招商热线 诚邀加盟", "优惠促销 全城热卖"])
            if zh
            else rng.choice(
                ["Grand Sale This Week", "Advertisement: New Homes", "Call now: Garden Centre"]
            )
        )
        copy = (
            f"咨询电话：{rng.randint(1000000, 9999999)}"
            if zh
            else f"Tel: 555-{rng.randint(1000, 9999)} www.example.com"
        )
        return (
            f'<div class="advert-box" style="border:2px solid #333;height:{height_px - 24:.0f}px;display:flex;flex-direction:column;justify-content:center;align-items:center;background:#f3efe2">'
            f'<div class="headline" style="font:{st.head_weight} {st.body_size * 2.2:.1f}pt {st.head_font}">{html.escape(title)}</div>'
            f'<div class="adcopy" style="font:{st.body_size * 1.2:.1f}pt {st.body_font};margin-top:8px">{html.escape(copy)}</div></div>'
        )
    head_scale = rng.choice([1.8, 2.2, 2.6, 3.2]) if cols >= 2 else rng.choice([1.5, 1.8, 2.0])
    align = rng.choice(["left", "left", "center"])
    if kind != "picture" and rng.random() < 0.35:
        kicker = (
            sentence(rng, 2, 4).rstrip("。.")
            if zh
            else " ".join(rng.choice(_EN_WORDS) for _ in range(3)).upper()
        )
        parts.append(
            f'<div class="kicker" style="font:{st.body_size * 1.15:.1f}pt {st.head_font};text-align:{align}">{html.escape(kicker)}</div>'
        )
    n_words = max(2, min(int(width_px / (st.body_size * head_scale * 1.4)), 7 if zh else 6))
    headline = (
        "".join(rng.choice(_ZH_WORDS) for _ in range(max(2, n_words // 2 + 1)))
        if zh
        else " ".join(rng.choice(_EN_WORDS) for _ in range(max(2, n_words - 1))).title()
    )
    parts.append(
        f'<div class="headline" style="font:{st.head_weight} {st.body_size * head_scale:.1f}pt/1.2 {st.head_font};text-align:{align};margin:2px 0">{html.escape(headline)}</div>'
    )
    if kind != "picture" and rng.random() < 0.35:
        sub = ("——" + sentence(rng, 2, 4).rstrip("。")) if zh else sentence(rng, 5, 9)
        parts.append(
            f'<div class="subheadline" style="font:{st.body_size * 1.35:.1f}pt {st.head_font};text-align:{align}">{html.escape(sub)}</div>'
        )
    if kind != "picture" and rng.random() < 0.6:
        by = (
            (
                f"本报记者 {_zh_name(rng)}"
                + (f" 通讯员 {_zh_name(rng)}" if rng.random() < 0.4 else "")
            )
            if zh
            else f"By {_en_name(rng)}"
        )
        parts.append(
            f'<div class="byline" style="font:{st.body_size:.1f}pt {st.body_font};margin:3px 0;text-align:{align}">{html.escape(by)}</div>'
        )
    if kind == "picture" or (cols >= 2 and height_px > 300 and rng.random() < 0.4):
        ph = min(height_px * 0.45, width_px * 0.62) if kind != "picture" else height_px * 0.6
        parts.append(
            f'<img class="photo" src="{_photo(rng)}" style="display:block;width:100%;height:{ph:.0f}px;object-fit:cover;margin-top:4px">'
        )
        cap = sentence(rng, 4, 9) + (
            f"（{_zh_name(rng)} 摄）" if zh else f" Photo: {_en_name(rng)}"
        )
        parts.append(
            f'<div class="caption" style="font:{st.body_size * 0.85:.1f}pt {st.head_font};margin:2px 0 6px">{html.escape(cap)}</div>'
        )
    if kind != "picture":
        sentences: list[str] = []
        for _ in range(60):
            for _ in range(rng.randint(2, 5)):
                sentences.append(sentence(rng))
            sentences.append("\n")
        import json as _json

        indent = "2em" if zh else "1em"
        parts.append(
            f'<div class="body" data-lang="{language}" data-sentences="{html.escape(_json.dumps(sentences, ensure_ascii=False))}" '
            f'style="font:{st.body_size:.1f}pt/{1.55 if zh else 1.3} {st.body_font};column-count:{cols};column-gap:{st.body_size * 1.4:.1f}pt;'
            f'column-fill:auto;flex:1 1 auto;min-height:0;overflow:hidden;text-align:justify;--indent:{indent}"></div>'
        )
        if rng.random() < 0.15 and page_no < 8:
            target = page_no + rng.randint(1, 4)
            jump_to = str(target)
            jl = f"（下转第{target}版）" if zh else f"Continued on Page {target}"
            parts.append(
                f'<div class="jump" style="font:{st.body_size:.1f}pt {st.body_font};text-align:right">{html.escape(jl)}</div>'
            )
    return f'<div class="inner" data-jump="{jump_to}" style="display:flex;flex-direction:column;height:100%">{"".join(parts)}</div>'


def page_html(seed: int, page_no: int, language: str) -> str:
    rng = random.Random(f"{seed}-{page_no}-{language}")
    st = _style(rng, language)
    width_px, height_px = 842 / PX_TO_PT, 1191 / PX_TO_PT
    margin = 40.0
    gutter = st.body_size * 1.6 / PX_TO_PT
    top = 90.0 if page_no > 1 else 190.0
    bottom = height_px - 60
    col_w = (width_px - 2 * margin) / st.columns
    zh = language == "zh"
    head = []
    section = (
        rng.choice(["要闻", "城市新闻", "经济", "文体"])
        if zh
        else rng.choice(["News", "Metro", "Business", "Sport"])
    )
    date = "2024年5月6日 星期一" if zh else "Monday, May 6, 2024"
    if page_no == 1:
        name = (
            rng.choice(["江城日报", "星河晚报", "滨海商报"])
            if zh
            else rng.choice(["The Valley Courier", "Harbour Evening Post"])
        )
        head.append(
            f'<div style="position:absolute;left:{margin}px;top:30px;width:{width_px - 2 * margin}px;text-align:center;font:900 58pt {st.head_font}">{name}</div>'
        )
        head.append(
            f'<div style="position:absolute;left:{margin}px;top:150px;font:9pt {st.body_font}">{date}</div>'
        )
        head.append(
            f'<div style="position:absolute;left:{margin}px;top:{top - 12}px;width:{width_px - 2 * margin}px;border-top:3px solid #000"></div>'
        )
    else:
        label = f"第{page_no:02d}版 {section}" if zh else f"Page A{page_no} · {section}"
        head.append(
            f'<div style="position:absolute;left:{margin}px;top:40px;font:9pt {st.body_font}">{html.escape(label)}</div>'
        )
        head.append(
            f'<div style="position:absolute;right:{margin}px;top:40px;font:9pt {st.body_font}">{date}</div>'
        )
        head.append(
            f'<div style="position:absolute;left:{margin}px;top:{top - 12}px;width:{width_px - 2 * margin}px;border-top:1.5px solid #000"></div>'
        )
    foot = f"责任编辑：{_zh_name(rng)}" if zh else f"Editor: {_en_name(rng)}"
    head.append(
        f'<div style="position:absolute;left:{margin}px;top:{bottom + 20}px;font:8pt {st.body_font}">{html.escape(foot)}</div>'
    )
    slots: list[tuple[int, float, int, float]] = []
    _split(rng, 0, top, st.columns, bottom - top, 0, slots)
    has_advert = False
    articles = []
    for x, y, w, h in slots:
        kind = "news"
        if not has_advert and w >= 2 and h < 400 and rng.random() < 0.3:
            kind, has_advert = "advert", True
        elif rng.random() < 0.08 and h > 220:
            kind = "picture"
        left = margin + x * col_w
        wpx = w * col_w - gutter
        hpx = h - 18
        border = ""
        if st.rules:
            border = "border-bottom:1px solid #000;" if y + h < bottom - 1 else ""
        vr = ""
        if st.rules and x + w < st.columns:
            vr = f'<div style="position:absolute;left:{left + wpx + gutter / 2:.1f}px;top:{y:.1f}px;height:{h - 6:.1f}px;border-left:0.8px solid #000"></div>'
        inner = _article_html(rng, kind, language, st, max(1, w), wpx, hpx, page_no)
        articles.append(
            f'<div class="article" data-kind="{kind}" style="position:absolute;left:{left:.1f}px;top:{y:.1f}px;width:{wpx:.1f}px;height:{hpx:.1f}px;{border}">{inner}</div>{vr}'
        )
    css = (
        "@page{size:842pt 1191pt;margin:0}html,body{margin:0;padding:0}"
        f"body{{width:{width_px:.2f}px;height:{height_px:.2f}px;position:relative;overflow:hidden}}"
        ".body p{margin:0;text-indent:var(--indent)}.article{box-sizing:border-box;padding-bottom:6px}"
    )
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(head)}{''.join(articles)}</body></html>"


def _truth(raw: list[dict[str, Any]], page_no: int) -> dict[str, Any]:
    def pt(b: list[float]) -> list[float]:
        return [round(v * PX_TO_PT, 1) for v in b]

    arts = []
    for n, a in enumerate(raw, start=1):
        blocks = [
            {"role": b["role"], "bbox": pt(b["bbox"]), "text": b["text"]} for b in a["blocks"]
        ]
        if a["kind"] != "advert" and not any(b["role"] in ("body", "photo") for b in blocks):
            continue
        jump = a.pop("jump", None)
        arts.append(
            {
                "id": f"p{page_no}-a{n}",
                "kind": a["kind"],
                "kicker": a["kicker"],
                "headline": a["headline"],
                "subheadline": a["subheadline"],
                "byline": a["byline"],
                "text": a["text"],
                "regions": [pt(r) for r in a["regions"]],
                "blocks": blocks,
                "continued_to": {"page": int(jump)} if jump else None,
                "continued_from": None,
            }
        )
    return {
        "index": page_no,
        "width": 842.0,
        "height": 1191.0,
        "text_quality": "ok",
        "articles": arts,
    }


def generate_pages(
    seed: int, count: int, language: str = "zh", executable: str = CHROMIUM
) -> list[ChromiumPage]:
    """Print ``count`` sample pages through Chromium; each with its PDF and ground truth."""
    from playwright.sync_api import sync_playwright

    out: list[ChromiumPage] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for page_no in range(1, count + 1):
                doc = page_html(seed, page_no, language)
                page.set_content(doc)
                page.evaluate("document.fonts.ready")
                raw = page.evaluate(_FIT_JS)
                pdf = page.pdf(prefer_css_page_size=True, print_background=True)
                out.append(ChromiumPage(pdf=pdf, truth=_truth(raw, page_no), html=doc))
        finally:
            browser.close()
    return out
