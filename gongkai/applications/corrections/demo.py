"""Demo 政府信息更正申请: a handful in every state, made through the services (so each has its
events, letters and audit entries), with two small evidence files. Fictional people. Query code
of the demo requests: DEMO2026. Idempotent: skipped when any correction request exists."""

from __future__ import annotations

import datetime
import struct
import zlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.idcard import make_id_card
from gongkai.orgs.models import Agency, User

from ..services import query_code_digest
from . import services
from .models import CorrectionRequest

DEMO_CODE = "DEMO2026"


def _png() -> bytes:
    """A 1×1 white PNG (a stand-in for a photographed certificate)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _person(name: str, born: str, serial: str, phone: str, **extra) -> dict:
    return {
        "applicant_type": "natural_person",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": make_id_card(f"310107{born}{serial}"),
        "phone": phone,
        "email": extra.pop("email", ""),
        "address": extra.pop("address", "示范区幸福路18弄6号"),
        "postcode": "200000",
        **extra,
    }


def _info(title: str, wrong: str, right: str, **extra) -> dict:
    return {
        "info_title": title,
        "inaccurate_content": wrong,
        "correct_content": right,
        "delivery": extra.pop("delivery", "post"),
        **extra,
    }


def _days_ago(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


@transaction.atomic
def load(*, stdout, options) -> None:
    if CorrectionRequest.objects.exists():
        stdout.write("政府信息更正申请演示数据已存在，跳过。")
        return
    agencies = {a.code: a for a in Agency.objects.disclosing()}
    mzj, rsj = agencies.get("mzj"), agencies.get("rsj")
    staff = User.objects.filter(username="clerk").first()
    other = (
        User.objects.filter(username="clerk_rsj").first()
        or User.objects.filter(username="office").first()
    )
    if mzj is None or rsj is None or staff is None or other is None:
        stdout.write("缺少演示机构或用户（请先载入 orgs 演示数据），跳过更正申请演示数据。")
        return
    from gongkai.records.models import Record

    record = Record.objects.public().filter(agency=mzj).order_by("-id").first()
    today = timezone.localdate()

    def paper(person, info, received_days_ago, *, agency=mzj, files=(), channel="in_person"):
        on = _days_ago(today, received_days_ago)
        request, _code = services.register_correction(
            agency=agency,
            channel=channel,
            submitted_on=on,
            received_on=on,
            applicant=person,
            info=info,
            files=files,
            actor=staff if agency == mzj else other,
        )
        return request

    made = []
    # Waiting for staff to confirm (online).
    for person, info in [
        (
            _person("邵雨桐", "19880412", "032", "13761234501", email="yt.shao@example.invalid"),
            _info(
                "2025年最低生活保障家庭收入核对结果",
                "核对结果中本人2025年3月工资收入记为4,800元。",
                "应为2,800元（以单位出具的工资证明为准）。",
                delivery="email",
            ),
        ),
        (
            _person("戴文博", "19750921", "051", "13916540002"),
            _info(
                "",
                "社区养老服务补贴审核表中本人户籍地址记为幸福路18弄，",
                "应为光明路26弄3号。",
                info_description="2025年10月在朝阳街道社区事务受理服务中心办理养老服务补贴时形成的审核表",
            ),
        ),
    ]:
        request, _code = services.submit_correction(
            agency=mzj,
            applicant=person,
            info=info,
            files=[ContentFile(_png(), name="户口簿照片.png")] if not made else [],
        )
        made.append(request)
    # Being handled: fresh, due soon, overdue.
    made.append(
        paper(
            _person("孔德明", "19620305", "013", "13611110003"),
            _info(
                "残疾人两项补贴发放明细",
                "发放明细中本人残疾等级记为四级。",
                "应为三级（见残疾人证）。",
            ),
            3,
            files=[ContentFile(_pdf(), name="残疾人证扫描件.pdf")],
        )
    )
    made.append(
        paper(
            _person("林秀英", "19540817", "026", "13501230004"),
            _info(
                "高龄老人营养补贴名单",
                "名单中本人出生日期记为1954年8月7日。",
                "应为1954年8月17日。",
            ),
            26,
            channel="post",
        )
    )
    made.append(
        paper(
            _person("郑海燕", "19801130", "048", "13799990005"),
            _info(
                "临时救助审批表",
                "审批表中家庭人口记为2人。",
                "应为3人（含2024年出生的子女）。",
            ),
            45,
        )
    )
    # Corrected (one linked to a published record of the agency).
    request = paper(
        _person("黄志强", "19700101", "075", "13600000006"),
        _info(
            record.title if record else "2025年度养老服务机构运营补贴拨付名单",
            "文件附件名单中本人姓名记为“黄志刚”。",
            "应为“黄志强”（见身份证复印件）。",
            info_index_no=record.index_no if record else "",
        ),
        30,
    )
    services.grant_correction(
        request,
        on=_days_ago(today, 22),
        corrected_content="已将该文件附件名单中的“黄志刚”更正为“黄志强”，并在政府信息中公开更正说明。",
        record_index_no=record.index_no if record else "",
        actor=staff,
    )
    made.append(request)
    request = paper(
        _person("马桂兰", "19581212", "062", "13512340007"),
        _info(
            "最低生活保障审批结果通知",
            "通知中本人姓名记为“马贵兰”。",
            "应为“马桂兰”。",
        ),
        18,
    )
    services.grant_correction(
        request,
        on=_days_ago(today, 12),
        corrected_content="已将审批结果通知中的申请人姓名更正为“马桂兰”，并重新出具通知。",
        actor=staff,
    )
    made.append(request)
    # Transferred: to 区人社局 in Gongkai (which then confirms receipt), and outside Gongkai.
    request = paper(
        _person("曹晓东", "19860606", "035", "13888880008"),
        _info(
            "社会保险缴费记录",
            "2024年1月至6月缴费基数记为5,000元。",
            "应为7,200元。",
        ),
        20,
    )
    services.transfer_correction(
        request,
        on=_days_ago(today, 16),
        to_agency=rsj,
        actor=staff,
        note="社保缴费记录由区人社局管理。",
    )
    made.append(request)
    services.confirm_correction_receipt(
        request.transferred_to, received_on=_days_ago(today, 14), actor=other
    )
    request = paper(
        _person("彭子涵", "19950220", "020", "13677770009"),
        _info(
            "住房公积金缴存明细",
            "2025年缴存单位记为示范区明远科技有限公司。",
            "应为示范区恒达置业有限公司。",
        ),
        15,
    )
    services.transfer_correction(
        request,
        on=_days_ago(today, 10),
        agency_name="上海市公积金管理中心示范分中心",
        contact="021-12329",
        actor=staff,
    )
    made.append(request)
    # Refused: evidence insufficient; other reason with text.
    request = paper(
        _person("袁建华", "19670909", "017", "13766660010"),
        _info(
            "困难家庭认定结果",
            "认定结果中本人家庭财产状况记为“有机动车一辆”。",
            "应为“无机动车”。",
        ),
        28,
    )
    services.refuse_correction(
        request,
        on=_days_ago(today, 20),
        reason="evidence_insufficient",
        text="经向公安交管部门核查，认定时您名下登记有机动车一辆，您提交的材料不能证明该记录不准确。",
        actor=staff,
    )
    made.append(request)
    request = paper(
        _person("唐雨桐", "19910714", "044", "13655550011"),
        _info(
            "2024年社区志愿服务表彰名单",
            "名单中本人服务时长记为120小时。",
            "应为160小时。",
        ),
        25,
    )
    services.refuse_correction(
        request,
        on=_days_ago(today, 18),
        reason="other",
        text="表彰名单是本机关发布的表彰结果，服务时长以志愿服务平台截至评选日的记录为准，不属于记录错误。",
        actor=staff,
    )
    made.append(request)
    # Withdrawn.
    request = paper(
        _person("许文博", "19830403", "058", "13544440012"),
        _info("婚姻登记档案", "档案中登记日期记为2010年5月2日。", "应为2010年5月20日。"),
        9,
    )
    services.withdraw_correction(
        request,
        on=_days_ago(today, 5),
        note="申请人电话告知已在档案馆核实无误，撤回申请。",
        actor=staff,
    )
    made.append(request)
    roots = [r.pk for r in made]
    for request in CorrectionRequest.objects.filter(pk__in=roots):
        request.query_code_hash = query_code_digest(request.tracking_number, DEMO_CODE)
        request.save(update_fields=["query_code_hash"])
    stdout.write(
        f"政府信息更正申请 {CorrectionRequest.objects.count()} 件（演示查询码 {DEMO_CODE}）。"
    )
