"""Demo data: the fictional 示范区 with its departments, 街镇, 居委会 and one persona per role."""

from __future__ import annotations

from django.db import transaction

from .models import Agency, AgencyLevel, Membership, Role, User
from .uscc import make_uscc

DEMO_PASSWORD = "Gongkai@2026"

DEPARTMENTS = [
    ("fgw", "区发展和改革委员会", "区发展改革委"),
    ("jw", "区教育局", "区教育局"),
    ("kw", "区科学技术委员会", "区科委"),
    ("gxw", "区经济委员会", "区经委"),
    ("mzj", "区民政局", "区民政局"),
    ("sfj", "区司法局", "区司法局"),
    ("czj", "区财政局", "区财政局"),
    ("rsj", "区人力资源和社会保障局", "区人社局"),
    ("ghzyj", "区规划和自然资源局", "区规划资源局"),
    ("sthjj", "区生态环境局", "区生态环境局"),
    ("jsglw", "区建设和管理委员会", "区建管委"),
    ("fgj", "区房屋管理局", "区房管局"),
    ("swj", "区商务委员会", "区商务委"),
    ("whlyj", "区文化和旅游局", "区文旅局"),
    ("wjw", "区卫生健康委员会", "区卫健委"),
    ("tyjrj", "区退役军人事务局", "区退役军人局"),
    ("yjglj", "区应急管理局", "区应急局"),
    ("sjj", "区审计局", "区审计局"),
    ("scjgj", "区市场监督管理局", "区市场监管局"),
    ("tjj", "区统计局", "区统计局"),
    ("ybj", "区医疗保障局", "区医保局"),
    ("tyj", "区体育局", "区体育局"),
    ("lhsrj", "区绿化和市容管理局", "区绿化市容局"),
    ("swuj", "区水务局", "区水务局"),
    ("cgzfj", "区城市管理行政执法局", "区城管执法局"),
    ("zwfwb", "区政务服务办公室", "区政务服务办"),
    ("gzw", "区国有资产监督管理委员会", "区国资委"),
    ("jrb", "区金融工作办公室", "区金融办"),
    ("mzzjw", "区民族和宗教事务委员会", "区民宗委"),
    ("gajfj", "区公安分局", "区公安分局"),
]

SUBDISTRICTS = [
    ("cyjd", "朝阳街道办事处", 28),
    ("hpjd", "和平街道办事处", 26),
    ("xhjd", "新华街道办事处", 27),
    ("jsjd", "建设街道办事处", 25),
    ("wyjd", "文苑街道办事处", 24),
    ("hbjd", "湖滨街道办事处", 26),
    ("ysjd", "云山街道办事处", 25),
    ("czzh", "长治镇人民政府", 27),
    ("tpzh", "桃浦镇人民政府", 26),
    ("qszh", "青石镇人民政府", 25),
]
assert sum(n for *_, n in SUBDISTRICTS) == 259

COMMUNITY_NAMES = [
    "幸福",
    "光明",
    "和谐",
    "春晖",
    "阳光",
    "康乐",
    "安居",
    "长乐",
    "兴旺",
    "丰泽",
    "清溪",
    "枫林",
    "桂苑",
    "锦绣",
    "金桥",
    "银杏",
    "玉兰",
    "海棠",
    "紫薇",
    "翠竹",
    "松鹤",
    "梅园",
    "兰亭",
    "菊香",
    "荷塘",
    "柳岸",
    "晨曦",
    "彩虹",
    "明珠",
    "新村",
]

# username, display name, agency code, role
PERSONAS = [
    ("office", "周敏（区政务公开办）", "district", Role.DISTRICT_OFFICE),
    ("clerk", "李娜（区民政局经办人）", "mzj", Role.CLERK),
    ("reviewer", "王强（区民政局审核人）", "mzj", Role.REVIEWER),
    ("head", "陈刚（区民政局负责人）", "mzj", Role.HEAD),
    ("clerk_rsj", "赵磊（区人社局经办人）", "rsj", Role.CLERK),
    ("clerk_cyjd", "孙丽（朝阳街道经办人）", "cyjd", Role.CLERK),
]


def _uscc(serial: int, prefix: str) -> str:
    # 11 = 机关, 310120 = a fictional administrative division, then an 8+1 organisation code.
    return make_uscc(f"{prefix}310120{serial:08d}"[:17].ljust(17, "0"))


def _contact(agency: Agency, index: int) -> None:
    agency.office_name = f"{agency.name}办公室"
    agency.address = f"示范区政务路{100 + index}号"
    agency.office_hours = "工作日 9:00—11:30，13:30—17:00"
    agency.phone = f"021-6688{index:04d}"
    agency.fax = f"021-6699{index:04d}"
    agency.email = f"gk{index:03d}@shifanqu.gov.cn.invalid"
    agency.postcode = "200000"


@transaction.atomic
def load(*, stdout, options) -> None:
    district, created = Agency.objects.get_or_create(
        code="district",
        defaults={
            "name": "示范区人民政府",
            "short_name": "区政府",
            "level": AgencyLevel.DISTRICT,
            "uscc": _uscc(1, "11"),
            "order": 0,
        },
    )
    if created:
        _contact(district, 0)
        district.office_name = "示范区人民政府办公室（政务公开科）"
        district.save()
    for i, (code, name, short) in enumerate(DEPARTMENTS, start=1):
        agency, created = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": AgencyLevel.DEPARTMENT,
                "parent": district,
                "uscc": _uscc(100 + i, "11"),
                "order": i,
            },
        )
        if created:
            _contact(agency, i)
            agency.save()
    serial = 0
    for j, (code, name, count) in enumerate(SUBDISTRICTS, start=1):
        sub, created = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": name.replace("办事处", "").replace("人民政府", ""),
                "level": AgencyLevel.SUBDISTRICT,
                "parent": district,
                "uscc": _uscc(500 + j, "11"),
                "order": 100 + j,
            },
        )
        if created:
            _contact(sub, 100 + j)
            sub.save()
        existing = set(Agency.objects.filter(parent=sub).values_list("code", flat=True))
        new = []
        for k in range(1, count + 1):
            serial += 1
            ccode = f"{code}-{k:02d}"
            if ccode in existing:
                continue
            stem = COMMUNITY_NAMES[(k - 1) % len(COMMUNITY_NAMES)]
            suffix = "" if k <= len(COMMUNITY_NAMES) else "二"
            new.append(
                Agency(
                    code=ccode,
                    name=f"{sub.short_name}{stem}{suffix}居民委员会",
                    short_name=f"{stem}{suffix}居委会",
                    level=AgencyLevel.COMMUNITY,
                    parent=sub,
                    uscc=make_uscc(f"53310120{serial:09d}"),
                    order=1000 + serial,
                )
            )
        Agency.objects.bulk_create(new)
    for username, display, agency_code, role in PERSONAS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user, agency=Agency.objects.get(code=agency_code), role=role
        )
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"display_name": "系统管理员", "is_superuser": True, "is_staff": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    stdout.write(
        f"机构 {Agency.objects.count()} 个（居委会 {Agency.objects.filter(level=AgencyLevel.COMMUNITY).count()} 个），"
        f"演示账号 {len(PERSONAS) + 1} 个，密码 {DEMO_PASSWORD}"
    )
