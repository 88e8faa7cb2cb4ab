"""Text patterns newspapers use for bylines, credits, jump lines and page furniture."""

from __future__ import annotations

import re

_BYLINE_START = re.compile(
    r"^\s*[（(【\[]?\s*("
    r"本报记者|本报通讯员|本报特约记者|本报特派记者|特派记者|特约记者|记者|通讯员|实习生|见习记者|"
    r"本报评论员|评论员|撰稿|文/|文／|图/|图／|文\s|图文|摄影|新华社记者|本报讯|"
    r"[Bb][Yy]\s+[A-Z]|BY\s|Staff [Ww]riter|Special [Cc]orrespondent|From (our|staff)|Reporting by|"
    r"Story by|Words by|Photos? by"
    r")"
)
_BYLINE_END = re.compile(
    r"(摄|供图|报道|Staff [Ww]riter|[Cc]orrespondent|[Rr]eporter|[Ee]ditor|Staff|[Cc]ontributor)\s*[）)】\]]?\s*$"
)
# Bylines of Latin-script papers: a particle, then names ("di Elena Dusi, Giovanni Egidio e
# Alessandro Puglia", "par Jean Dupont", "von Anna Schmidt und Max Weber", "By JANE DOE").
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+"
_LATIN_BYLINE = re.compile(
    rf"^\s*(?:[Bb]y|BY|di|DI|da|par|PAR|von|VON|por|POR|door|av|af)\s+{_NAME}"
    rf"(?:\s*(?:,|\s(?:e|ed|and|et|und|y|&))?\s+{_NAME})+(?<![a-zà-ÿ][.!?;:])\s*$"
)
# A reference after a bullet ("● a pagina 24", "• page 3") is not part of the byline.
_AFTER_BULLET = re.compile(r"\s*[●•▶►■]\s*.*$")
# Datelines of agency and own-correspondent copy: 新华社北京5月5日电, 本报上海7月1日讯, 中新网3月2日电.
_DATELINE = re.compile(
    r"^\s*[（(]?\s*\S{0,12}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(电|讯|专电|消息)(?=\s*$|\s*[（(]|\s)"
    r"|^\s*\S{2,8}(社|台|网|报)(讯|电)\s*[（(]"
)
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff\d])\s+(?=[\u3400-\u9fff\d])")
_CREDIT_TAIL = re.compile(r"[（(]\s*\S{1,4}\s+\S{1,2}\s*[）)]\s*$")

JUMP_RE = re.compile(
    r"(下转|转第|转至|转下|上接|接上|接第|续第|续接|见第|转\s*[A-Z]?\d+\s*版)\s*第?\s*([A-Z]?\s*\d{1,3})\s*版"
    r"|(?:continued|cont'd|cont\.|turn|see)\s+(on|from|to)?\s*(?:page|p\.|pg\.?)\s*([A-Z]?\s*\d{1,3}[A-Z]?)"
    r"|(?:continued|cont'd)\s+(on|from)\s+([A-Z]\s*\d{1,3})"
    # Italian, French, German and Spanish papers: "segue a pagina 9", "alle pagine 20 e 21",
    # "da pagina 2", "suite page 5", "suite de la page 1", "Fortsetzung auf Seite 3",
    # "weiter von Seite 1", "continúa en la página 4", "viene de la página 1".
    r"|(?:segue\s+|continua\s+|servizio\s+)?(a|alle|da|dalla|dalle)\s+pagin[ae]\s+(\d{1,3})"
    r"|(?:suite|lire la suite)\s+(en\s+|de\s+la\s+|)page\s+(\d{1,3})"
    r"|(?:Fortsetzung|weiter)\s+(auf|von)?\s*Seite\s+(\d{1,3})"
    r"|(?:continúa|sigue|viene)\s+(en|de)\s+la\s+página\s+(\d{1,3})",
    re.IGNORECASE,
)
_PAGE_RANGE = re.compile(r"\s*(?:a|à|bis|-|–)\s*\d")
_JUMP_FROM_WORDS = (
    "上接", "接上", "接第", "续第", "续接", "from", "da pagina", "dalla pagina",
    "dalle pagine", "suite de la page", "von seite", "viene de",
)  # fmt: skip

PAGE_FURNITURE = re.compile(
    r"(第\s*\d+\s*版|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]|责任编辑|责编|美编|校对|"
    r"版式|编辑[:：]|^\s*[A-Z]?\d{1,3}\s*$|Page\s+[A-Z]?\d+|\b(Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b|\b(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{1,2},\s+\d{4})",
    re.IGNORECASE,
)

ADVERT_RE = re.compile(
    r"(广告|招商|热线|订阅|垂询|咨询电话|欢迎选购|优惠|促销|Advertisement|Advertising|ADVERTISEMENT|Sponsored|"
    r"Call now|Tel[:.]|Hotline|Sale|www\.|"
    # a bare web address ("montura.com", "shop.example.it"): in a frame or on a picture, the
    # advertiser's; running text that mentions one is told apart by _boxed_article
    r"(?-i:\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|shop|store|info|eu|it|de|fr|"
    r"es|at|ch|nl|be|co\.uk|uk|cn|com\.cn|hk|tw|jp)\b(?!\.\w)))",
    re.IGNORECASE,
)


# A sentence that opens with 记者 ("记者从市文化广电旅游局获悉", "记者了解到"): the reporter as
# the subject of a verb, not a credit. In a narrow column such a line has no punctuation yet.
_REPORTER_SENTENCE = re.compile(
    r"^\s*(本报)?记者(从|在|跟随|了解|注意|获悉|看到|采访|走访|发现|调查|来到|日前|近日|昨天|今天)"
)


def is_byline(text: str) -> bool:
    text = _AFTER_BULLET.sub("", text).strip()
    # (on the text as written: "记者 于明", a credit with a space, is no sentence)
    if not text or len(text) > 60 or _REPORTER_SENTENCE.match(text):
        return False
    if _LATIN_BYLINE.match(text):
        return True
    if any(mark in text for mark in "，。；！？") and not text.rstrip("）)").endswith("摄"):
        return False  # a sentence that happens to start with 记者 …
    # PDFs space digits apart from CJK ("北京 7 月 24 日电"): match on the text without them
    compact = _CJK_GAP.sub("", text)
    if _DATELINE.search(compact) and len(compact) <= 40:
        return True
    return bool(_BYLINE_START.search(compact) or _BYLINE_END.search(text))


def jump_of(text: str) -> tuple[str, str] | None:
    """("to" | "from", printed page label) when the text is a jump line."""
    match = JUMP_RE.search(text)
    if not match:
        return None
    label = next(g for g in match.groups()[1::2] if g)
    word = match.group(0).lower()
    direction = "from" if any(w in word for w in _JUMP_FROM_WORDS) else "to"
    if direction == "from" and _PAGE_RANGE.match(text[match.end() :]):
        direction = "to"  # "da pagina 2 a 7": the coverage on pages 2 to 7, ahead
    return direction, re.sub(r"\s+", "", label)


_JUMP_PUNCTUATION = " （）()【】[]—-–…. "


def is_jump_line(text: str) -> bool:
    """A whole line that only says where the article continues (not a mention inside a sentence)."""
    stripped = text.strip(_JUMP_PUNCTUATION)
    if len(stripped) > 40:
        return False
    return jump_of(stripped) is not None


def is_whole_jump_line(text: str) -> bool:
    """The line is the jump phrase and nothing else ("Continued from page 2", "下转第5版")."""
    stripped = text.strip(_JUMP_PUNCTUATION)
    match = JUMP_RE.search(stripped)
    return match is not None and match.start() == 0 and match.end() >= len(stripped) - 1


def is_furniture(text: str) -> bool:
    return bool(PAGE_FURNITURE.search(text))


def is_advert_text(text: str) -> bool:
    return bool(ADVERT_RE.search(text))
