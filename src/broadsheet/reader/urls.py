"""Reader URLs: readable, stable, every HTML page with a `.json` twin (same path, `.json` in place
of the final slash). An edition other than the first adds `ed-<n>/` after the date."""

from django.urls import include, path, register_converter

from broadsheet.reader import archive, converters, feeds, files, library_export, openapi, views

register_converter(converters.IsoDateConverter, "isodate")
register_converter(converters.YearConverter, "year")
register_converter(converters.MonthConverter, "month")
register_converter(converters.PageLabelConverter, "label")
register_converter(converters.ImageFormatConverter, "imgfmt")

app_name = "reader"

# Everything below one issue, mounted twice: for the first edition and for `ed-<n>/`.
issue_patterns = [
    path("contents/", views.contents, name="contents"),
    path("contents.json", views.contents, {"fmt": "json"}, name="contents_json"),
    path("a/<int:number>/", views.article, name="article"),
    path("a/<int:number>.json", views.article, {"fmt": "json"}, name="article_json"),
    path("a/<int:number>/print/", views.article_print, name="article_print"),
    path(
        "a/<int:number>/print.json",
        views.article_print,
        {"fmt": "json"},
        name="article_print_json",
    ),
    path("a/<int:number>/card.jpg", files.article_crop, {"kind": "card"}, name="article_card"),
    path(
        "a/<int:number>/photo-<int:index>.jpg",
        files.article_crop,
        {"kind": "photo"},
        name="article_photo",
    ),
    path("mets.xml", library_export.issue_mets, name="issue_mets"),  # docs/library.md
    path("<label:page>/alto.xml", library_export.page_alto, name="page_alto"),
    path("<label:page>/", views.page, name="page"),
    path("<label:page>.json", views.page, {"fmt": "json"}, name="page_json"),
    path("<label:page>.pdf", files.page_pdf, name="page_pdf"),
    path("<label:page>.jpg", files.page_image, {"rendition": "image"}, name="page_image"),
    path("<label:page>.thumb.jpg", files.page_image, {"rendition": "thumbnail"}, name="page_thumb"),
    path("<label:page>.w<int:width>.<imgfmt:fmt>", files.page_rendition, name="page_rendition"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("index.json", views.home, {"fmt": "json"}, name="home_json"),
    path("api/openapi.json", openapi.document, name="openapi"),  # "api" is a reserved slug
    path("lang/", views.set_language, name="language"),
    path("iiif/", include("broadsheet.reader.iiif_urls")),  # before <pub>/ ("iiif" is reserved)
    path("<slug:pub>/", archive.publication, name="publication"),
    # Feeds: a name with a dot after the publication, never a year or a date.
    path("<slug:pub>/feed.atom", feeds.issues_atom, name="feed_atom"),
    path("<slug:pub>/feed.rss", feeds.issues_rss, name="feed_rss"),
    path("<slug:pub>/articles.atom", feeds.articles_atom, name="articles_atom"),
    path("<slug:pub>/articles.rss", feeds.articles_rss, name="articles_rss"),
    path("<slug:pub>/<year:year>/", archive.year, name="calendar"),
    path("<slug:pub>/<year:year>/<month:month>/", archive.month, name="month"),
    # A calendar's twin is the index.json in its folder: `<YYYY>.json` would have the shape
    # of an issue's `<YYYY-MM-DD>.json`, and `<YYYY>/<MM>.json` of a page's (docs/reader.md).
    path("<slug:pub>/<year:year>/index.json", archive.year, {"fmt": "json"}, name="calendar_json"),
    path(
        "<slug:pub>/<year:year>/<month:month>/index.json",
        archive.month,
        {"fmt": "json"},
        name="month_json",
    ),
    path("<slug:pub>/<isodate:date>/", views.issue, name="issue"),
    path("<slug:pub>/<isodate:date>.json", views.issue, {"fmt": "json"}, name="issue_json"),
    path("<slug:pub>/<isodate:date>.pdf", files.issue_pdf, name="issue_pdf"),
    path("<slug:pub>/<isodate:date>/ed-<int:edition>/", views.issue, name="issue_ed"),
    path(
        "<slug:pub>/<isodate:date>/ed-<int:edition>.json",
        views.issue,
        {"fmt": "json"},
        name="issue_ed_json",
    ),
    path("<slug:pub>/<isodate:date>/ed-<int:edition>.pdf", files.issue_pdf, name="issue_ed_pdf"),
    path("<slug:pub>/<isodate:date>/", include(issue_patterns)),
    path("<slug:pub>/<isodate:date>/ed-<int:edition>/", include((issue_patterns, "ed"))),
]
