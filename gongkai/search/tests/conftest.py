import pytest

from gongkai.search.engine import reset_backend


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Every test gets its own empty embedded index under tmp_path."""
    settings.SEARCH_BACKEND = "tantivy"
    settings.SEARCH_DIR = str(tmp_path / "search")
    reset_backend()
    yield settings.SEARCH_DIR
    reset_backend()


@pytest.fixture
def catalog_items(db, django_capture_on_commit_callbacks):
    """Catalogue items, indexed through the post_save signal after commit."""
    from gongkai.catalog.models import Domain, Item

    with django_capture_on_commit_callbacks(execute=True):
        social = Domain.objects.create(code="social-aid", name="社会救助", order=1)
        edu = Domain.objects.create(code="education", name="义务教育", order=2)
        items = [
            Item.objects.create(
                domain=social, code="SA-01", level1="最低生活保障", level2="低保标准"
            ),
            Item.objects.create(
                domain=social, code="SA-02", level1="最低生活保障", level2="低保对象名单"
            ),
            Item.objects.create(domain=social, code="SA-03", level1="特困人员救助供养", level2=""),
            Item.objects.create(domain=edu, code="ED-01", level1="招生入学", level2="划片范围"),
        ]
    return items
