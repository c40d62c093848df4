"""Findings of the review of the participation slice: bounded queries on the staff lists that
grow with public input, pagination of registrants and questions."""

from __future__ import annotations

import datetime

import pytest

from gongkai.participation import services
from gongkai.participation.models import Moderation

from .factories import comment, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _moderated_comments(decision, reviewer, n):
    theme = services.save_theme(decision, actor=reviewer, title="养老设施")
    for i in range(n):
        c = comment(decision, text=f"第{i}条意见：建议增加长者食堂。", phone=f"139{i:08d}")
        services.moderate_comment(c, actor=reviewer, status=Moderation.PUBLISHED)
        services.classify_comment(c, actor=reviewer, theme=theme, disposition="adopted")


def test_staff_comment_page_queries_do_not_grow_with_comments(
    agency, clerk, reviewer, login, django_assert_max_num_queries
):
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    _moderated_comments(decision, reviewer, 3)
    client = login(reviewer)
    url = f"/staff/participation/decisions/{decision.pk}/comments/"
    assert client.get(url).status_code == 200
    for i in range(20):
        c = comment(decision, text=f"补充意见{i}", phone=f"138{i:08d}")
        services.moderate_comment(c, actor=reviewer, status=Moderation.PUBLISHED)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="staff-comment"') == 23


def _open_day(agency, clerk, head, capacity):
    from .factories import at

    now = at(today())
    day = services.save_open_day(
        actor=clerk,
        agency=agency,
        data={
            "title": "走进区社会福利院",
            "description": "参观生活区和康复训练室。",
            "starts_at": now + 10 * DAY,
            "ends_at": now + 10 * DAY + datetime.timedelta(hours=2),
            "place": "示范区福寿路66号",
            "capacity": capacity,
            "registration_closes_at": now + 8 * DAY,
            "report": "",
        },
    )
    return services.publish_open_day(day, actor=head)


def test_registrants_are_paginated(agency, clerk, head, login):
    day = _open_day(agency, clerk, head, capacity=80)
    for i in range(60):
        services.register(day, name=f"市民{i}", mobile=f"139{i:08d}")
    client = login(clerk)
    url = f"/staff/participation/open-days/{day.pk}/"
    first = client.get(url).content.decode()
    assert first.count("取消报名</button>") == 50
    assert "有效 60 人" in first and "第 1 / 2 页" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("取消报名</button>") == 10
    # Revealing the full data shows the page the clerk is on, not everyone at once.
    revealed = client.post(url + "?page=2", {"action": "reveal"}).content.decode()
    assert "13900000059" in revealed and "13900000000" not in revealed


def _interview(agency, clerk, reviewer):
    from .factories import at

    start = at(today()) + 3 * DAY
    interview = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "稳就业促创业在线访谈",
            "summary": "解读就业创业政策。",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "host": "林晓",
        },
    )
    services.add_guest(interview, actor=clerk, name="赵立新", position="区人社局副局长")
    return services.announce_interview(interview, actor=reviewer)


def test_interview_questions_are_paginated(agency, clerk, reviewer, login, client):
    interview = _interview(agency, clerk, reviewer)
    for i in range(55):
        q = services.submit_question(
            interview, name="", phone=f"139{i:08d}", text=f"第{i:02d}号问题：灵活就业怎么参保？"
        )
        services.moderate_question(q, actor=reviewer, status=Moderation.PUBLISHED)
    public = client.get(f"/interact/interviews/{interview.pk}/").content.decode()
    assert public.count("号问题：") == 20 and "第 1 / 3 页" in public
    last = client.get(f"/interact/interviews/{interview.pk}/", {"page": 3}).content.decode()
    assert last.count("号问题：") == 15
    staff = login(clerk).get(f"/staff/participation/interviews/{interview.pk}/").content.decode()
    assert staff.count('class="staff-comment"') == 50 and "网友提问（55）" in staff


def test_staff_form_errors_name_their_field(agency, clerk, reviewer, login):
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    client = login(clerk)
    url = f"/staff/participation/decisions/{decision.pk}/offline/"
    page = client.post(url, {"channel": "letter", "received_on": "", "text": ""}, follow=True)
    html = page.content.decode()
    assert "收到日期（信函以邮戳日期为准）：" in html and "意见内容：" in html
    assert not decision.consultation.comments.exists()


def test_moderation_page_counts_everything_waiting(agency, clerk, reviewer, login, monkeypatch):
    from gongkai.participation import staff_views

    monkeypatch.setattr(staff_views, "MODERATION_LIMIT", 3)
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    for i in range(5):
        comment(decision, text=f"待审核意见{i}", phone=f"137{i:08d}")
    html = login(reviewer).get("/staff/participation/moderation/").content.decode()
    assert "决策草案意见（5）" in html and "共 5 条待审核" in html
    assert html.count('class="staff-comment"') == 3
    assert "待审核意见0" in html and "待审核意见4" not in html  # oldest first


def test_full_width_digits_are_masked_like_ascii_ones(agency, clerk, reviewer):
    """A Chinese input method in full-width mode types １３９… and ＠; those are the same
    numbers and addresses and must be masked before anything is shown."""
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    text = "请回电１３９１２３４５６７８，或写信到ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ，身份证１１０１０１１９９００３０７１２３４。"
    c = comment(decision, text=text)
    assert {"mobile", "email", "id_number"} <= set(c.personal_data)
    assert "139****5678" in c.public_text and "zhang" not in c.public_text
    for digits in ("12345678", "1234５６７８", "５６７８", "ｚｈａｎｇ", "0307"):
        assert digits not in c.public_text.replace("****", ""), digits
    with pytest.raises(services.Refused, match="个人信息"):
        services.moderate_comment(
            c, actor=reviewer, status=Moderation.PUBLISHED, public_text="电话１３９１２３４５６７８"
        )


def test_full_width_phone_numbers_are_accepted(agency, clerk, reviewer, head):
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    c = comment(decision, phone="１３９１２３４５６７８")
    assert c.phone == "13912345678"
    day = _open_day(agency, clerk, head, capacity=5)
    registration, code = services.register(day, name="张三", mobile="１３９１２３４５６７８")
    assert registration.mobile == "13912345678"
    full_width = registration.number.translate(
        {ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789KFR"}
    )
    services.cancel_registration_by_code(number=full_width, code=code.lower())


def _record(agency, index_no, *, status):
    from gongkai.core.legal import DisclosureAttribute
    from gongkai.records.models import Record, RecordType

    day = today() - 2 * DAY
    return Record.objects.create(
        title=f"{agency.name}内部草稿文件",
        body="<p>正文</p>",
        record_type=RecordType.OTHER_DOC,
        agency=agency,
        attribute=DisclosureAttribute.PROACTIVE,
        status=status,
        index_no=index_no,
        written_on=day,
        formed_on=day,
        published_at=None,
    )


def test_decision_record_must_be_public_or_of_an_agency_the_user_works_for(
    agency, other_agency, clerk, reviewer, login
):
    """Typing another agency's 索引号 must not reveal its unpublished record (title, status)."""
    from gongkai.participation.models import Decision, Stage
    from gongkai.records.models import Status

    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    Decision.objects.filter(pk=decision.pk).update(stage=Stage.FEEDBACK)
    hidden = _record(other_agency, "RSJ-2026-0099", status=Status.DRAFT)
    client = login(clerk)
    url = f"/staff/participation/decisions/{decision.pk}/outcome/"
    page = client.post(url, {"decision_record": hidden.index_no}, follow=True).content.decode()
    assert "未找到索引号为“RSJ-2026-0099”的政府信息" in page and hidden.title not in page
    decision.refresh_from_db()
    assert decision.decision_record_id is None
    own = _record(agency, "MZJ-2026-0007", status=Status.DRAFT)
    client.post(url, {"decision_record": own.index_no})
    decision.refresh_from_db()
    assert decision.decision_record_id == own.pk
