"""Demo data: valid identity numbers and USCCs, every life-cycle state, idempotent."""

from __future__ import annotations

import io

import pytest

from gongkai.orgs import demo as orgs_demo
from gongkai.orgs.uscc import is_valid_uscc
from gongkai.publicity import demo
from gongkai.publicity.models import Licence, Penalty, State
from gongkai.publicity.standard import id_card_problem, make_id_card

pytestmark = pytest.mark.django_db


def test_id_card_check_digit():
    assert make_id_card("11010519491231002") == "11010519491231002X"  # GB 11643 example
    assert id_card_problem("11010519491231002X") is None
    assert "校验位" in id_card_problem("110105194912310021")
    assert "出生日期" in id_card_problem("110105194913310028")


def test_small_demo_is_valid_and_idempotent():
    out = io.StringIO()
    orgs_demo.load(stdout=out, options={"small": True})
    demo.load(stdout=out, options={"small": True})
    assert 30 <= Penalty.objects.count() <= 200 and 30 <= Licence.objects.count() <= 200
    for model in (Penalty, Licence):
        for obj in model.objects.all():
            for number in (obj.id_number, obj.legal_rep_id_number):
                if number:
                    assert id_card_problem(number) is None, number
            if obj.code_uscc:
                assert is_valid_uscc(obj.code_uscc)
    assert Penalty.objects.filter(subject_category="natural_person").exists()
    assert Penalty.objects.filter(state=State.EXPIRED).exists()
    assert Penalty.objects.public().exists()
    before = Penalty.objects.count()
    demo.load(stdout=out, options={"small": True})
    assert Penalty.objects.count() == before
