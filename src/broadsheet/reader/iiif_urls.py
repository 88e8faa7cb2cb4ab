"""IIIF URLs, mounted under `iiif/` in the reader's namespace ("iiif" is a reserved slug).

Image API: `iiif/image/<pub>/<date>[/ed-<n>]/<page>` is a page's service base; Presentation
API: `iiif/<pub>/<date>[/ed-<n>]/manifest.json`, `iiif/<pub>[/<year>]/collection.json` and
`iiif/collection.json`. Patterns with an edition share their name with the first edition's;
`reverse()` picks by the presence of `edition`.
"""

from django.urls import path

from broadsheet.reader import iiif_views

IMAGE = "<str:region>/<str:size>/<str:rotation>/<str:quality>.<str:fmt>"

urlpatterns = [
    path("collection.json", iiif_views.site_collection, name="iiif_collection"),
    path(
        "image/<slug:pub>/<isodate:date>/ed-<int:edition>/<label:page>",
        iiif_views.image_base,
        name="iiif_base",
    ),
    path(
        "image/<slug:pub>/<isodate:date>/ed-<int:edition>/<label:page>/info.json",
        iiif_views.image_info,
        name="iiif_info",
    ),
    path(
        f"image/<slug:pub>/<isodate:date>/ed-<int:edition>/<label:page>/{IMAGE}",
        iiif_views.image,
        name="iiif_image",
    ),
    path("image/<slug:pub>/<isodate:date>/<label:page>", iiif_views.image_base, name="iiif_base"),
    path(
        "image/<slug:pub>/<isodate:date>/<label:page>/info.json",
        iiif_views.image_info,
        name="iiif_info",
    ),
    path(
        f"image/<slug:pub>/<isodate:date>/<label:page>/{IMAGE}", iiif_views.image, name="iiif_image"
    ),
    path("<slug:pub>/<isodate:date>/manifest.json", iiif_views.manifest, name="iiif_manifest"),
    path(
        "<slug:pub>/<isodate:date>/ed-<int:edition>/manifest.json",
        iiif_views.manifest,
        name="iiif_manifest",
    ),
    path("<slug:pub>/collection.json", iiif_views.publication_collection, name="iiif_publication"),
    path(
        "<slug:pub>/<year:year>/collection.json",
        iiif_views.publication_collection,
        name="iiif_year",
    ),
]
