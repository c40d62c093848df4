"""The 主题分类 taxonomy is data: 22 top classes in the gov.cn order, paths "一级\\二级"."""

import pytest

from gongkai.records.models import Topic

pytestmark = pytest.mark.django_db


def test_taxonomy_loaded():
    tops = list(Topic.objects.filter(parent__isnull=True).values_list("name", flat=True))
    assert len(tops) == 22
    assert tops[0] == "国务院组织机构" and tops[1] == "综合政务" and tops[-1] == "其他"
    assert Topic.objects.get(code="0201").path == "综合政务\\政务公开"
    assert Topic.objects.get(code="1703").path == "民政、扶贫、救灾\\社会福利"
