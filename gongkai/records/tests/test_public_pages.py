"""Public pages: the record page's metadata header, the listing with filters and a bounded number
of queries, the agency column, and what the public never sees."""

import datetime

import pytest

from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.records import services
from gongkai.records.models import Record, RecordType, Topic

from .helpers import draft, published

pytestmark = pytest.mark.django_db


def test_record_page_shows_the_seven_metadata_fields(agency, clerk, reviewer, client):
    record = published(
        agency,
        clerk,
        reviewer,
        title="示范区最低生活保障办法",
        document_number="示民规〔2026〕3号",
        written_on=datetime.date(2026, 3, 2),
        record_type=RecordType.OTHER_DOC,
        topic=Topic.objects.get(code="0201"),
    )
    page = client.get(record.get_absolute_url()).content.decode()
    for label, value in [
        ("索引号", record.index_no),
        ("主题分类", "综合政务\\政务公开"),
        ("发布机构", "区民政局"),
        ("成文日期", "2026-03-02"),
        ("文号", "示民规〔2026〕3号"),
        ("发布日期", record.published_at.astimezone().strftime("%Y")),
        ("有效性", "有效"),
    ]:
        assert f"<dt>{label}</dt><dd>" in page
        assert value in page
    # Also reachable by primary key.
    assert client.get(f"/records/{record.pk}/").status_code == 200


def test_unpublished_and_withheld_records_are_not_public(agency, clerk, reviewer, client, login):
    hidden = draft(agency, clerk, title="草稿")
    withheld = draft(
        agency,
        clerk,
        attribute=DisclosureAttribute.WITHHELD,
        withholding_ground=WithholdingGround.STATE_SECRET,
        attribute_basis="涉密",
    )
    for r in (hidden, withheld):
        assert client.get(f"/records/{r.pk}/").status_code == 404
    # Staff of the agency may preview it; it says so.
    page = login(clerk).get(f"/records/{hidden.pk}/").content.decode()
    assert "预览" in page


def test_other_agency_staff_cannot_preview(agency, clerk, other_clerk, login):
    hidden = draft(agency, clerk, title="草稿")
    assert login(other_clerk).get(f"/records/{hidden.pk}/").status_code == 404


def test_policy_page_links_interpretation_both_ways(agency, clerk, reviewer, client):
    policy = draft(agency, clerk, record_type=RecordType.NORMATIVE, title="救助办法")
    interp = draft(
        agency,
        clerk,
        record_type=RecordType.INTERPRETATION,
        title="救助办法解读",
        interprets=policy,
    )
    for r in (policy, interp):
        services.submit_record(r, actor=clerk)
        services.review_record(r, actor=reviewer, secrecy_checked=True)
    services.publish_record(policy, actor=clerk)
    policy.refresh_from_db()
    interp.refresh_from_db()
    assert interp.get_absolute_url() in client.get(policy.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in client.get(interp.get_absolute_url()).content.decode()


def _make_public(agency, clerk, reviewer, n, **data):
    return [published(agency, clerk, reviewer, title=f"文件{i}", **data) for i in range(n)]


def test_listing_queries_do_not_grow_with_page_size(
    agency, clerk, reviewer, client, django_assert_max_num_queries
):
    _make_public(agency, clerk, reviewer, 30, record_type=RecordType.OTHER_DOC)
    with django_assert_max_num_queries(6):
        small = client.get("/policies/?per_page=5")
    with django_assert_max_num_queries(6):
        large = client.get("/policies/?per_page=30")
    assert small.content.decode().count('<td><a href="/records/') == 5
    assert large.content.decode().count('<td><a href="/records/') == 30


def test_listing_filters(agency, other_agency, clerk, reviewer, other_clerk, client):
    from gongkai.orgs.models import Membership, Role

    Membership.objects.create(user=reviewer, agency=other_agency, role=Role.REVIEWER)
    published(
        agency,
        clerk,
        reviewer,
        title="民政甲",
        record_type=RecordType.OTHER_DOC,
        document_number="示民发〔2026〕7号",
    )
    published(
        other_agency,
        other_clerk,
        reviewer,
        title="人社乙",
        record_type=RecordType.OTHER_DOC,
        topic=Topic.objects.get(code="1501"),
    )
    published(agency, clerk, reviewer, title="动态丙", record_type=RecordType.NEWS)

    def titles(query):
        page = client.get("/policies/" + query).content.decode()
        return {t for t in ("民政甲", "人社乙", "动态丙") if t in page}

    assert titles("") == {"民政甲", "人社乙"}  # 工作动态 is not a 政策文件
    assert titles("?agency=rsj") == {"人社乙"}
    assert titles("?topic=15") == {"人社乙"}
    assert titles("?wh=示民发[2026]7号") == {"民政甲"}  # exact 文号, normalised brackets
    assert titles("?validity=repealed") == set()
    assert titles("?year=1999") == set()
    assert client.get("/policies/?year=abc").status_code == 200


def test_agency_column_and_subcolumns(agency, clerk, reviewer, client):
    published(agency, clerk, reviewer, title="通知甲", record_type=RecordType.NOTICE)
    published(agency, clerk, reviewer, title="规划乙", record_type=RecordType.PLAN)
    page = client.get("/open/mzj/").content.decode()
    for label in ("机构职能", "政策文件", "通知公告", "规划计划", "财政预决算", "人事信息"):
        assert label in page
    assert "通知甲" in page and "规划乙" in page
    notices = client.get("/open/mzj/notices/").content.decode()
    assert "通知甲" in notices and "规划乙" not in notices
    assert client.get("/open/mzj/nonsense/").status_code == 404
    assert client.get("/open/nobody/").status_code == 404
    # The portal's own /open/ pages still answer.
    assert client.get("/open/agencies/").status_code == 200


def test_withdrawn_record_not_in_listing(agency, clerk, reviewer, client):
    record = published(agency, clerk, reviewer, title="撤回件", record_type=RecordType.OTHER_DOC)
    services.withdraw_record(record, actor=reviewer, notice="错误发布")
    assert "撤回件" not in client.get("/policies/").content.decode()
    assert Record.objects.public().count() == 0
