from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.desk.conftest import make_user

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, editor):
    response = client.post("/accounts/login/", {"username": "editor", "password": "pw-x9!long"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/desk/").status_code == 302


def test_login_page_renders_with_csrf(client):
    page = client.get("/accounts/login/").content.decode()
    assert "csrfmiddlewaretoken" in page


def test_brute_force_is_slowed(client, editor):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    # Now even the right password is refused for a while.
    response = client.post("/accounts/login/", {"username": "editor", "password": "pw-x9!long"})
    assert response.status_code == 200
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is still let in.
    make_user("second", "editor")
    response = client.post("/accounts/login/", {"username": "second", "password": "pw-x9!long"})
    assert response.status_code == 302


def test_password_change(client, editor):
    client.force_login(editor)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pw-x9!long",
            "new_password1": "An0ther-pass!",
            "new_password2": "An0ther-pass!",
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("An0ther-pass!")


def test_password_reset_by_email(client, editor, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/accounts/password_reset/", {"email": "editor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Fresh-pass-42", "new_password2": "Fresh-pass-42"}
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Fresh-pass-42")


def test_default_email_backend_is_console():
    from django.conf import settings

    assert (
        settings.EMAIL_BACKEND.endswith("console.EmailBackend")
        or "locmem" in settings.EMAIL_BACKEND
    )
