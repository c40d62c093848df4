"""Public pages and API: search by name, USCC or decision number, per-agency lists, query counts."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gongkai.orgs import demo as orgs_demo
from gongkai.publicity import demo
from gongkai.publicity.models import Penalty

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    out = io.StringIO()
    orgs_demo.load(stdout=out, options={"small": True})
    demo.load(stdout=out, options={"small": True})


def test_search_by_name_uscc_and_number(client, demo_data):
    company = Penalty.objects.public().exclude(code_uscc="").first()
    for q in (company.subject_name, company.code_uscc, company.decision_number):
        page = client.get("/publicity/penalties/", {"q": q}).content.decode()
        assert company.decision_number in page, q
        api = client.get("/api/v1/penalties", {"q": q}).json()
        assert company.pk in [item["id"] for item in api["items"]], q
    assert (
        "没有符合条件"
        in client.get("/publicity/penalties/", {"q": "不存在的公司"}).content.decode()
    )


def test_agency_page_and_filter(client, demo_data):
    penalty = Penalty.objects.public().select_related("agency").first()
    code = penalty.agency.code
    assert client.get(f"/publicity/agencies/{code}/").status_code == 200
    api = client.get("/api/v1/penalties", {"agency": code, "limit": 100}).json()
    assert api["count"] == Penalty.objects.public().filter(agency=penalty.agency).count()
    assert client.get("/publicity/agencies/no-such/").status_code == 404


def test_public_export_uses_the_standard_headers(client, demo_data):
    response = client.get("/publicity/export/penalty.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("行政相对人名称", "行政相对人类别")
    assert "公示截止期" in rows[0]
    assert len(rows) - 1 == Penalty.objects.public().count()


def test_list_pages_have_bounded_queries(client, demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/publicity/penalties/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/publicity/licences/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/penalties?limit=50").status_code == 200
