"""The IIIF Image API validator (PyPI `iiif-validator`) against our image service, served live.

The validator checks what it gets back against its own 1000×1000 test image (IIIF's
67352ccc-d1b0-11e1-89ae-279075081939.png): ten by ten squares of 100 px, each of one colour.
The package does not ship that file, but it carries the colour of every square
(`ValidationInfo.colorInfo`, square x,y at pixels x*100, y*100), so the image is drawn from that
table: the same pixels as IIIF's file (checked when a copy is at hand in ../shared/real).
It becomes a page the way an old site's page picture does (`broadsheet.pdf.from_image`, then the
real ingest pipeline), so the service's full size is the image's own 1000×1000 pixels.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Page
from tests.conftest import ISSUE_DATE
from tests.reader.test_iiif import TEST_IMAGE  # the validator's image, where it is at hand

pytest.importorskip("iiif_validator", reason="iiif-validator is in the test extra")

VERSION = "3.0"
LEVEL = 2  # the compliance level info.json claims (iiif_image.PROFILE)
# Features beyond level 2 that info.json announces (extraFeatures), checked by name:
EXTRA = ["rot_mirror", "rot_mirror_180", "linkheader_profile", "linkheader_canonical"]
# Left out, and why:
# - size_up (sizeUpscaling): the validator expects `full/^max/…` to be the full size, 1000×1000,
#   whatever info.json says (its own comment: "maximum may not be the same as full, should check
#   the info.json"); the spec scales `^max` to the largest size maxWidth/maxHeight/maxArea allow,
#   which is what we answer (6324×6324 for 40 M px). Upscaling is checked in test_iiif.py.
# - format_webp (we announce webp in extraFormats): the validator's test is broken under
#   Python 3 (it calls `urllib.urlopen`, gone since Python 2) and fails on any server; webp is
#   checked in tests/reader/test_iiif.py instead.
# - every other level-3 test names a feature we do not claim (gif/tif/jp2/pdf formats, rotation
#   by arbitrary angles).


def validator() -> tuple[Any, Any, Any]:
    # python-magic loads the C library libmagic1 when imported; only the validator's JPEG 2000
    # and PDF format tests use it (level 3, formats we do not claim, never run here), so a
    # machine without the library gets an empty stand-in instead of an ImportError.
    try:
        import magic  # noqa: F401
    except ImportError:
        sys.modules.setdefault("magic", types.ModuleType("magic"))
    from iiif_validator.validator import ImageAPI, TestSuite, ValidationInfo

    return ImageAPI, TestSuite, ValidationInfo


def draw_test_image(path: Path) -> Path:
    _, _, ValidationInfo = validator()
    colours = ValidationInfo().colorInfo
    image = Image.new("RGB", (1000, 1000))
    for x in range(10):
        for y in range(10):
            image.paste(colours[x][y], (x * 100, y * 100, x * 100 + 100, y * 100 + 100))
    image.save(path)
    if TEST_IMAGE.exists():
        with Image.open(TEST_IMAGE) as real:
            assert real.convert("RGB").tobytes() == image.tobytes()
    return path


@pytest.fixture
def service(live_server: Any, transactional_db: Any, publication: Any, tmp_path: Path) -> dict:
    """An image-only page made from the validator's test image, published, served live."""
    from broadsheet.pdf.from_image import image_to_pdf

    pdf = tmp_path / "A01.pdf"
    assert image_to_pdf(draw_test_image(tmp_path / "test.png"), pdf) == (1000, 1000)
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[pdf], publish=True, workers=1))
    page = Page.objects.get(issue__date=ISSUE_DATE)
    assert page.text_quality == "none"
    server = live_server.url.removeprefix("http://")
    return {"server": server, "prefix": f"iiif/image/jcrb/{ISSUE_DATE}", "identifier": page.number}


def run_validator(service: dict, names: list[str]) -> tuple[list[str], list[str]]:
    """Run the named validator tests as `iiif-validate.py` does; the passes and the failures."""
    ImageAPI, TestSuite, ValidationInfo = validator()
    passed, failed = [], []
    for name in names:
        result = ImageAPI(
            service["identifier"],
            service["server"],
            service["prefix"],
            "http",
            "",
            VERSION,
            debug=False,
        )
        try:
            TestSuite(ValidationInfo()).run_test(name, result)
        except Exception as exc:  # the CLI counts a crash of a test as a failure too
            failed.append(f"{name}: {type(exc).__name__}: {exc} (urls {result.urls})")
            continue
        if result.exception is not None:
            failed.append(f"{name}: {result.exception} (urls {result.urls})")
        else:
            passed.append(name)
    return passed, failed


def test_the_image_service_passes_the_iiif_validator_at_level_2(service):
    _, TestSuite, ValidationInfo = validator()
    listed = TestSuite(ValidationInfo()).list_tests(VERSION)
    names = sorted(name for name, test in listed.items() if test["level"] <= LEVEL)
    passed, failed = run_validator(service, names)
    assert not failed, "validator failures:\n" + "\n".join(failed)
    assert len(passed) == len(names) >= 30  # 33 in iiif-validator 1.0.5
    assert {"info_json", "id_squares", "region_percent", "rot_region_basic"} <= set(passed)


def test_the_announced_extra_features_pass_the_validator(service):
    passed, failed = run_validator(service, EXTRA)
    assert not failed, "validator failures:\n" + "\n".join(failed)
    assert passed == EXTRA


def test_the_validator_does_fail_a_wrong_image(service, settings, tmp_path):
    """The check is real: the same page with its squares in another order fails `id_squares`."""
    page = Page.objects.get(issue__date=ISSUE_DATE)
    from django.core.files.storage import default_storage

    from broadsheet.pdf.from_image import image_to_pdf

    flipped = tmp_path / "flipped.png"
    with Image.open(draw_test_image(tmp_path / "t.png")) as image:
        image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(flipped)
    pdf = tmp_path / "flipped.pdf"
    image_to_pdf(flipped, pdf)
    name = page.pdf.name
    default_storage.delete(name)
    default_storage.save(name, pdf.open("rb"))
    from django.core.cache import cache

    cache.clear()
    passed, failed = run_validator(service, ["id_squares"])
    assert passed == [] and len(failed) == 1 and failed[0].startswith("id_squares")
