"""Login, lockout after repeated failures, idle expiry, and password rules."""

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _attempt(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_anonymous_staff_page_redirects_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_login_and_dashboard_show_roles(client, clerk):
    response = _attempt(client, "clerk", PASSWORD)
    assert response.status_code == 302
    page = client.get("/staff/").content.decode()
    assert "区民政局 · 经办人" in page


def test_wrong_password_message_in_chinese(client, clerk):
    page = _attempt(client, "clerk", "wrong-password").content.decode()
    assert "用户名或密码不正确" in page


def test_sixth_failed_login_is_locked_out(client, clerk):
    for _ in range(4):
        assert _attempt(client, "clerk", "wrong-password").status_code == 200
    # The fifth failure locks the account and says so ...
    fifth = _attempt(client, "clerk", "wrong-password")
    assert fifth.status_code == 429
    # ... so the sixth attempt within the window is refused.
    locked = _attempt(client, "clerk", "wrong-password")
    assert locked.status_code == 429
    assert "已被锁定 15 分钟" in locked.content.decode()
    # Even the right password is refused during the lockout window.
    locked = _attempt(client, "clerk", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_expires_after_window(client, clerk):
    import datetime

    import time_machine as tm

    with tm.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        for _ in range(6):
            _attempt(client, "clerk", "wrong-password")
        assert _attempt(client, "clerk", PASSWORD).status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert _attempt(client, "clerk", PASSWORD).status_code == 302


def test_staff_session_idles_out_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize(
    "password, ok",
    [
        ("Tq8mZ4pwrx", True),
        ("qz7!mw4prx", True),
        ("abcdefghij", False),  # one class
        ("abcdefghi1", False),  # two classes
        ("Ab1!", False),  # too short
    ],
)
def test_password_policy(password, ok):
    if ok:
        password_validation.validate_password(password)
    else:
        with pytest.raises(ValidationError):
            password_validation.validate_password(password)


def test_argon2_is_the_production_hasher():
    from gongkai import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_requires_post(client, clerk):
    client.force_login(clerk)
    assert client.get("/staff/logout/").status_code == 405
    assert client.post("/staff/logout/").status_code == 302
    assert client.get("/staff/").status_code == 302
