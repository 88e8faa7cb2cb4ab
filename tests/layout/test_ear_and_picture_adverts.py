"""Adverts as real front pages carry them (found on the real-page reference): an ear beside the
masthead sold to an advertiser, and a picture advert at the page's foot with its copy set on
the photo and a bare web address, running a little past the footer rule."""

from __future__ import annotations

from PIL import Image
from reportlab.lib.utils import ImageReader
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at

from broadsheet.layout.roles import is_advert_text


def _front_page(c, ear_copy: str, photo_copy: str) -> None:
    """A masthead between two ears over a header rule; a story; a footer rule near the foot
    with a photo advert standing on it (running 4 pt past it); a folio under the rule."""
    text_at(c, 200, 40, "The Courier", "Times-Bold", 40)
    c.setLineWidth(1)
    c.rect(470, TOP - 120, 100, 100, stroke=1, fill=0)  # right ear, y 20..120 from the top
    text_at(c, 478, 50, ear_copy.split("|")[0], "Helvetica-Bold", 12)
    text_at(c, 485, 95, ear_copy.split("|")[1], "Helvetica", 10)
    c.line(20, TOP - 130, 575, TOP - 130)  # header rule
    text_at(c, 30, 150, "Council backs the new bridge", "Helvetica-Bold", 22)
    column(c, 30, 182, BODY, 40)
    column(c, 270, 182, BODY, 40)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 70)), 30, TOP - 804, 260, 200)  # y 604..804
    text_at(c, 45, 620, photo_copy.split("|")[0], "Helvetica-Bold", 20)
    text_at(c, 45, 770, photo_copy.split("|")[1], "Helvetica", 9)
    c.line(20, TOP - 800, 575, TOP - 800)  # footer rule
    text_at(c, 30, 812, "The Courier · Monday", "Helvetica", 8)


def test_an_ear_and_a_picture_with_advert_copy_are_adverts():
    articles = analyse(
        lambda c: _front_page(
            c, "Go further.|montura.com", "Wherever you go.|Discover the trip at montura.com"
        )
    )
    adverts = sorted(a["regions"][0][1] for a in articles if a["kind"] == "advert")
    assert len(adverts) == 2
    assert abs(adverts[0] - 20) <= 2  # the ear's frame
    assert abs(adverts[1] - 604) <= 2  # the picture
    news = [a["headline"] for a in articles if a["kind"] != "advert"]
    assert news == ["Council backs the new bridge"]


def test_an_ear_without_advert_copy_stays_furniture():
    """The paper's own ear (the weather, a price) is furniture, not an article."""
    articles = analyse(lambda c: _front_page(c, "Weather|Sunny, 21", "Wherever you go.|x"))
    tops = [a["regions"][0][1] for a in articles]
    assert not any(t < 125 for t in tops)


def test_a_bare_web_address_is_advert_wording_in_lower_case_only():
    assert is_advert_text("Wherever you go. montura.com")
    assert is_advert_text("shop.example.co.uk")
    assert not is_advert_text("Mr. Rossi.it was late")  # a missing space, not an address
    assert not is_advert_text("a rise of 3.5 per cent")


def _framed_advert_at_the_foot(c) -> None:
    """A story, then across the page's foot a framed advert: a big name and a small line
    naming a day, in the bottom 8 % of the page where a date line would be furniture."""
    text_at(c, 30, 60, "Council backs the new bridge", "Helvetica-Bold", 22)
    column(c, 30, 92, BODY, 40)
    c.setLineWidth(1.5)
    c.rect(30, 20, 535, 110, stroke=1, fill=0)  # y 712..822 from the top
    text_at(c, 150, 735, "Foundry Row Brewing", "Times-Bold", 30)
    text_at(c, 200, 790, "Tours and tastings every Saturday.", "Helvetica-Bold", 8)


def test_a_framed_advert_keeps_its_small_print_naming_a_day():
    adverts = [a for a in analyse(_framed_advert_at_the_foot) if a["kind"] == "advert"]
    assert len(adverts) == 1
    assert "every Saturday" in adverts[0]["text"]
