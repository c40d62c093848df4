"""Comments: accepted only during the consultation period (by date, whether or not the tick job
ran), contact data required, personal data in the text masked before anything is shown."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import signing

from gongkai.applications import antispam
from gongkai.participation import services
from gongkai.participation.models import Comment, Moderation

from .factories import at, comment, draft, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def decision(agency, clerk, reviewer):
    start = today()
    return opened(agency, clerk, reviewer, opens_on=start, closes_on=start + 30 * DAY)


def test_comments_accepted_from_opening_day_through_the_close_date(decision):
    c = decision.consultation
    first = comment(decision, now=at(c.opens_on, 0))
    last = comment(decision, now=at(c.closes_on, 23))
    assert first.received_on == c.opens_on and last.received_on == c.closes_on
    assert {first.status, last.status} == {Moderation.PENDING}


def test_comment_after_the_close_date_is_refused_even_before_tick_runs(decision):
    c = decision.consultation
    with pytest.raises(services.Refused, match="不在征求意见期内"):
        comment(decision, now=at(c.closes_on + DAY, 0))
    assert not Comment.objects.exists()


def test_comment_before_the_opening_date_is_refused(agency, clerk, reviewer):
    start = today() + 3 * DAY
    decision = opened(agency, clerk, reviewer, opens_on=start, closes_on=start + 30 * DAY)
    with pytest.raises(services.Refused, match="征求意见期为"):
        comment(decision, now=at(today()))
    assert not Comment.objects.exists()


def test_comment_on_a_closed_or_unpublished_consultation_is_refused(agency, clerk, reviewer):
    unpublished = draft(agency, clerk)
    with pytest.raises(services.Refused):
        comment(unpublished)
    decision = opened(agency, clerk, reviewer)
    services.close_due_consultations(today=decision.consultation.closes_on + DAY)
    decision.refresh_from_db()
    with pytest.raises(services.Refused):
        comment(decision, now=at(decision.consultation.closes_on))  # closed by tick: final
    assert not Comment.objects.exists()


def test_contact_phone_is_required_and_checked(decision):
    for phone in ("", "12345", "abc"):
        with pytest.raises(services.Refused) as exc:
            comment(decision, phone=phone)
        assert "联系电话" in exc.value.message_dict["phone"][0]
    assert comment(decision, phone="021-66880105").pk


def test_personal_data_in_the_text_is_masked_for_public_view(decision):
    c = comment(
        decision,
        name="欧阳明轩",
        text="我是欧阳明轩，身份证310101198503154313，电话13812345678，邮箱oy@example.invalid，建议增设无障碍坡道。",
    )
    assert "欧阳明轩" in c.text  # the original stays for staff
    for value in ("欧阳明轩", "310101198503154313", "13812345678", "oy@example.invalid"):
        assert value not in c.public_text
    assert "建议增设无障碍坡道" in c.public_text
    assert set(c.personal_data) == {"name", "id_number", "mobile", "email"}
    assert c.public_name == "欧**轩"


def test_moderator_cannot_publish_a_text_that_still_holds_personal_data(decision, clerk):
    c = comment(decision)
    with pytest.raises(services.Refused) as exc:
        services.moderate_comment(
            c, actor=clerk, status=Moderation.PUBLISHED, public_text="请致电13912345678联系我"
        )
    assert "手机号码" in exc.value.message_dict["public_text"][0]
    c.refresh_from_db()
    assert c.status == Moderation.PENDING


def _form(client, url, **overrides):
    page = client.get(url).content.decode()
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    answer = signing.TimestampSigner(salt=antispam.SALT).unsign_object(token)["a"]
    data = {
        "name": "",
        "phone": "13912345678",
        "email": "",
        "text": "建议明确配建标准为建筑面积。",
        "challenge": str(answer),
        "challenge_token": token,
        "website": "",
    }
    data.update(overrides)
    return data


def test_public_form_submits_and_nothing_shows_before_moderation(client, decision, clerk):
    url = decision.get_absolute_url()
    response = client.post(url, _form(client, url, text="建议明确配建标准为建筑面积。"))
    assert response.status_code == 302
    saved = Comment.objects.get()
    assert saved.status == Moderation.PENDING
    assert "建议明确配建标准为建筑面积" not in client.get(url).content.decode()
    services.moderate_comment(saved, actor=clerk, status=Moderation.PUBLISHED)
    assert "建议明确配建标准为建筑面积" in client.get(url).content.decode()


def test_public_form_rejects_robots(client, decision):
    url = decision.get_absolute_url()
    client.post(url, _form(client, url, website="http://spam.example"))
    response = client.post(url, _form(client, url, challenge="999"))
    assert "验证问题回答错误" in response.content.decode()
    assert not Comment.objects.exists()


def test_public_form_is_gone_after_close(client, decision):
    services.close_due_consultations(today=decision.consultation.closes_on + DAY)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'name="text"' not in page
    response = client.post(
        decision.get_absolute_url(), {"text": "迟到的意见", "phone": "13912345678"}
    )
    assert response.status_code == 302 and not Comment.objects.exists()
