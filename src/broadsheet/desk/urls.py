"""/desk/: the editing desk. Every route needs a desk role (see roles.py)."""

from django.urls import path

from broadsheet.desk.views import issues, pages, people, review
from broadsheet.ocrtext import desk_views as ocr_desk  # recognised text of scans (docs/ocr.md)

app_name = "desk"

issue = "issues/<int:issue_id>/"

urlpatterns = [
    path("", issues.home, name="home"),
    path("people/", people.people, name="people"),
    path(issue, issues.issue_detail, name="issue"),
    path(issue + "progress.json", issues.progress, name="progress"),
    path(issue + "upload/", issues.upload, name="upload"),
    path(issue + "process/", issues.process, name="process"),
    path(issue + "retry/", issues.retry_run, name="retry"),
    path(issue + "reset/", issues.reset_run, name="reset"),
    path(issue + "sort/", issues.sort_pages, name="sort"),
    path(issue + "slots/<int:slot_id>/", issues.edit_slot, name="slot"),
    path(issue + "slots/<int:slot_id>/replace/", pages.replace_slot, name="slot_replace"),
    path(issue + "slots/<int:slot_id>/delete/", issues.delete_slot, name="slot_delete"),
    path(issue + "pages/<int:page_id>/", pages.edit_page, name="page"),
    path(issue + "pages/<int:page_id>/replace/", pages.replace_page, name="page_replace"),
    path(issue + "pages/<int:page_id>/reanalyse/", pages.reanalyse_page, name="page_reanalyse"),
    path(issue + "pages/<int:page_id>/remove/", pages.remove_page, name="page_remove"),
    path(issue + "publish/", issues.publish, name="publish"),
    path(issue + "unpublish/", issues.unpublish, name="unpublish"),
    path(issue + "withdraw/", issues.withdraw, name="withdraw"),
    path(issue + "history/", issues.history, name="history"),
    path(issue + "review/<int:page_id>/", review.review, name="review"),
    path(issue + "review/<int:page_id>/data.json", review.review_data, name="review_data"),
    path(issue + "review/<int:page_id>/image.jpg", review.page_image, name="review_image"),
    path(
        issue + "review/<int:page_id>/thumb.jpg",
        review.page_image,
        {"rendition": "thumbnail"},
        name="review_thumb",
    ),
    path(issue + "pages/<int:page_id>/text/", ocr_desk.page_text, name="ocr_text"),
    path(
        issue + "pages/<int:page_id>/text/<int:line>.jpg",
        ocr_desk.line_image,
        name="ocr_line_image",
    ),
    path(issue + "changes/", review.change, name="change"),
    path(issue + "undo/", review.undo, name="undo"),
]
