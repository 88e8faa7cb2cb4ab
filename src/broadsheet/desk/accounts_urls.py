"""/accounts/: sign in and out, change a password, reset a forgotten one by e-mail."""

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from broadsheet.desk.accounts import DeskLoginView

T = "desk/accounts/"

urlpatterns = [
    path("login/", DeskLoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(template_name=T + "logged_out.html"), name="logout"),
    path(
        "password_change/",
        auth.PasswordChangeView.as_view(template_name=T + "password_change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth.PasswordChangeDoneView.as_view(template_name=T + "password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth.PasswordResetView.as_view(
            template_name=T + "password_reset_form.html",
            email_template_name=T + "password_reset_email.txt",
            subject_template_name=T + "password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth.PasswordResetDoneView.as_view(template_name=T + "password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name=T + "password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth.PasswordResetCompleteView.as_view(template_name=T + "password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
