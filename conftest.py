"""Shared pytest fixtures: a small agency tree and one named persona per role.

Personas (password `PASSWORD` for all):

* ``district_office`` 周敏, 区政务公开办 (sees and supervises every agency)
* ``clerk`` 李娜, ``reviewer`` 王强, ``head`` 陈刚: staff of 区民政局 (``agency``)
* ``other_clerk`` 赵磊: clerk of 区人社局 (``other_agency``)
* ``admin_user``: system administrator
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from gongkai.orgs.models import Agency, AgencyLevel, Membership, Role, User
from gongkai.orgs.uscc import make_uscc

PASSWORD = "Test-Passw0rd!"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher; tests use a fast one except where they check hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without a collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_workday_calendar():
    # The compiled calendar is process-wide; each test starts from the database it sets up.
    from gongkai.workdays import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"gongkai database backend: {engine}"


@pytest.fixture
def district(db) -> Agency:
    return Agency.objects.create(
        code="district",
        name="示范区人民政府",
        short_name="区政府",
        level=AgencyLevel.DISTRICT,
        uscc=make_uscc("11310120000000010"),
    )


@pytest.fixture
def agency(district) -> Agency:
    return Agency.objects.create(
        code="mzj",
        name="区民政局",
        short_name="区民政局",
        level=AgencyLevel.DEPARTMENT,
        parent=district,
        uscc=make_uscc("11310120000001050"),
        office_name="区民政局办公室",
        address="示范区政务路105号",
        phone="021-66880105",
    )


@pytest.fixture
def other_agency(district) -> Agency:
    return Agency.objects.create(
        code="rsj",
        name="区人力资源和社会保障局",
        short_name="区人社局",
        level=AgencyLevel.DEPARTMENT,
        parent=district,
        uscc=make_uscc("11310120000001080"),
    )


def _persona(username: str, display: str, agency: Agency | None, role: str | None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, display_name=display, **extra
    )
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def district_office(district) -> User:
    return _persona("office", "周敏", district, Role.DISTRICT_OFFICE)


@pytest.fixture
def clerk(agency) -> User:
    return _persona("clerk", "李娜", agency, Role.CLERK)


@pytest.fixture
def reviewer(agency) -> User:
    return _persona("reviewer", "王强", agency, Role.REVIEWER)


@pytest.fixture
def head(agency) -> User:
    return _persona("head", "陈刚", agency, Role.HEAD)


@pytest.fixture
def other_clerk(other_agency) -> User:
    return _persona("clerk_rsj", "赵磊", other_agency, Role.CLERK)


@pytest.fixture
def admin_user(db) -> User:
    return _persona("admin", "系统管理员", None, None, is_superuser=True, is_staff=True)


@pytest.fixture
def login(client):
    """``login(user)`` returns the test client logged in as ``user`` (session, no axes)."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


def postgres_available() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


requires_postgres = pytest.mark.skipif(
    not postgres_available(),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai (.ci/run does)",
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
