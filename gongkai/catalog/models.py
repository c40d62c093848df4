"""The disclosure catalogue (公开目录): domains, nine-element items, the standards system and the
published editions.

An item is one promise: this information (公开内容), by this body (公开主体), within this limit
(公开时限), through these channels (公开平台, 公开载体). Multi-valued vocabularies with a fixed
list (载体, 形式) are stored as ``|code|code|`` strings so that "items with carrier X" is one
portable ``contains`` lookup on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.core.legal import Art20Item, DisclosureAttribute, WithholdingGround


class DomainKind(models.TextChoices):
    KEY = "key", "试点重点领域"
    NATIONAL = "national", "国家标准指引领域"
    DISTRICT = "district", "区自选领域"


#: The seven key domains of the national pilot ("7+X"), in their printed order.
KEY_DOMAINS = [
    "就业创业",
    "社会救助",
    "社会保险",
    "户籍管理",
    "医疗卫生",
    "城市综合执法",
    "养老服务",
]

#: The 26 domains of the 2019 national standard guidelines (legal-rules §4.3; two names [U]).
NATIONAL_DOMAINS = [
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "国有土地上房屋征收与补偿",
    "农村集体土地征收",
    "农村危房改造",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "市政服务",
    "就业",
    "社会保险",
    "食品药品监管",
    "城市综合执法",
    "保障性住房",
]


class Carrier(models.TextChoices):
    """公开渠道和载体: the national checklist, exactly as printed (legal-rules §4.2)."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    NEW_MEDIA = "new_media", "两微一端"
    PRESS = "press", "发布会/听证会"
    BROADCAST = "broadcast", "广播电视"
    PRINT = "print", "纸质媒体"
    READING_POINT = "reading_point", "公开查阅点"
    SERVICE_CENTRE = "service_centre", "政务服务中心"
    SERVICE_STATION = "service_station", "便民服务站"
    DOOR_TO_DOOR = "door_to_door", "入户/现场"
    NOTICE_BOARD = "notice_board", "社区/企事业单位/村公示栏（电子屏）"
    PUSH = "push", "精准推送"
    OTHER = "other", "其他"


class DisclosureForm(models.TextChoices):
    """公开形式."""

    FULL_TEXT = "full_text", "全文"
    SUMMARY = "summary", "摘要"
    INDEX = "index", "目录"
    DATA = "data", "数据"
    GRAPHIC = "graphic", "图解"
    AUDIO_VIDEO = "audio_video", "音视频"


class TimeLimitKind(models.TextChoices):
    """The structured 公开时限 rule; the printed wording is kept beside it."""

    WORKDAYS = "workdays", "形成或变更之日起N个工作日内"
    REALTIME = "realtime", "实时公开"
    PROMPT = "prompt", "及时公开"
    MONTHLY = "monthly", "按月公开"
    QUARTERLY = "quarterly", "按季度公开"
    YEARLY = "yearly", "按年度公开"
    STATUTORY = "statutory", "法定期限"


class Art21Item(models.TextChoices):
    """条例 Art. 21: additional items for 设区的市级、县级 governments and for 乡（镇）."""

    MUNICIPAL = "municipal", "第二十一条：市政建设"
    PUBLIC_SERVICE = "public_service", "第二十一条：公共服务"
    PUBLIC_WELFARE = "public_welfare", "第二十一条：公益事业"
    LAND_ACQUISITION = "land_acquisition", "第二十一条：土地征收"
    HOUSING_EXPROPRIATION = "housing_expropriation", "第二十一条：房屋征收"
    PUBLIC_ORDER = "public_order", "第二十一条：治安管理"
    SOCIAL_ASSISTANCE = "social_assistance", "第二十一条：社会救助"
    AGRI_POLICY = "agri_policy", "第二十一条：贯彻落实农业农村政策"
    IRRIGATION = "irrigation", "第二十一条：农田水利工程建设运营"
    LAND_TRANSFER = "land_transfer", "第二十一条：农村土地承包经营权流转"
    HOMESTEAD = "homestead", "第二十一条：宅基地使用情况审核"
    FUNDRAISING = "fundraising", "第二十一条：筹资筹劳"


class CitationType(models.TextChoices):
    """Type tag printed before a 公开依据 citation, e.g. 【法律】."""

    LAW = "law", "法律"
    ADMIN_REGULATION = "admin_regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPT_RULE = "dept_rule", "部门规章"
    LOCAL_RULE = "local_rule", "地方政府规章"
    NORMATIVE = "normative", "规范性文件"
    DEPT_RULE_NORMATIVE = "dept_rule_normative", "部门规章及规范性文件"
    OTHER = "other", "其他"


def join_codes(codes, choices=None) -> str:
    """``|a|b|`` from codes; with ``choices`` (a TextChoices class) in the vocabulary's order."""
    codes = list(dict.fromkeys(c for c in codes if c))
    if choices is not None:
        order = list(choices.values)
        codes.sort(key=order.index)
    return f"|{'|'.join(codes)}|" if codes else ""


def split_codes(value: str) -> list[str]:
    return [c for c in (value or "").split("|") if c]


def validate_domain_name(value: str) -> None:
    """A domain name is also the name of its sheet in the national Excel layout."""
    from django.core.exceptions import ValidationError

    if len(value) > 31:
        raise ValidationError("领域名称不能超过31个字（Excel 工作表名称的限制）。")
    bad = [ch for ch in "[]:*?/\\" if ch in value]
    if bad:
        raise ValidationError(f"领域名称不能包含这些字符：{' '.join(bad)}")
    if value == "公开领域" or value == "公开事项":
        raise ValidationError("“公开领域”“公开事项”是 Excel 文件保留的工作表名称。")


class Domain(models.Model):
    """A disclosure domain (领域), e.g. 社会救助."""

    code = models.SlugField("领域代码", max_length=40, unique=True)
    name = models.CharField(
        "领域名称", max_length=31, unique=True, validators=[validate_domain_name]
    )
    kind = models.CharField(
        "领域类别", max_length=20, choices=DomainKind.choices, default=DomainKind.DISTRICT
    )
    order = models.PositiveIntegerField("排序", default=0)
    agencies = models.ManyToManyField(
        "orgs.Agency", verbose_name="责任单位", blank=True, related_name="catalog_domains"
    )
    not_applicable = models.BooleanField("未涉及", default=False)
    not_applicable_note = models.TextField("未涉及领域事项说明", blank=True)

    class Meta:
        verbose_name = "公开领域"
        verbose_name_plural = "公开领域"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:domain", args=[self.code])


class Platform(models.Model):
    """A named publication platform of the district (公开平台): portal, gazette, app, ..."""

    code = models.SlugField("平台代码", max_length=40, unique=True)
    name = models.CharField("平台名称", max_length=100, unique=True)
    url = models.URLField("网址", blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开平台"
        verbose_name_plural = "公开平台"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_agency(self, agency):
        return self.filter(agency=agency)

    def with_carrier(self, code: str):
        return self.filter(carrier_codes__contains=f"|{code}|")

    def search(self, text: str):
        q = Q()
        for word in text.split():
            q &= (
                Q(level1__icontains=word)
                | Q(level2__icontains=word)
                | Q(content__icontains=word)
                | Q(subject__icontains=word)
                | Q(agency__name__icontains=word)
            )
        return self.filter(q)


class Item(models.Model):
    """A catalogue item (公开事项): one promise to publish some information."""

    domain = models.ForeignKey(
        Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField("事项编码", max_length=40, unique=True)
    order = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级事项", max_length=200)
    level2 = models.CharField("二级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）", blank=True)
    # 公开主体: the responsible agency (owns the item in the back office) and the body as printed.
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalog_items",
    )
    subject = models.CharField(
        "公开主体",
        max_length=200,
        blank=True,
        help_text="如“各街道办事处”；留空则显示责任单位名称。",
    )
    attribute = models.CharField(
        "公开属性",
        max_length=20,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PROACTIVE,
    )
    partial = models.BooleanField("部分公开", default=False)
    partial_note = models.TextField("部分公开情况", blank=True)
    art20_item = models.PositiveSmallIntegerField(
        "条例第二十条事项", choices=Art20Item.choices, null=True, blank=True
    )
    art21_item = models.CharField(
        "条例第二十一条事项", max_length=30, choices=Art21Item.choices, blank=True
    )
    withholding_ground = models.CharField(
        "不予公开理由", max_length=30, choices=WithholdingGround.choices, blank=True
    )
    reason_note = models.TextField("公开理由说明", blank=True)
    form_codes = models.CharField("公开形式", max_length=120, blank=True)
    time_limit_kind = models.CharField(
        "时限规则", max_length=20, choices=TimeLimitKind.choices, default=TimeLimitKind.WORKDAYS
    )
    time_limit_days = models.PositiveSmallIntegerField("时限（工作日）", null=True, blank=True)
    time_limit_text = models.CharField("公开时限", max_length=200, blank=True)
    platforms = models.ManyToManyField(
        Platform, verbose_name="公开平台", blank=True, related_name="items"
    )
    carrier_codes = models.CharField("公开载体", max_length=300, blank=True)
    carrier_other = models.CharField("其他载体", max_length=200, blank=True)
    audience_public = models.BooleanField("公开对象：全社会", default=True)
    audience_specific = models.BooleanField("公开对象：特定群体", default=False)
    mode_proactive = models.BooleanField("公开方式：主动", default=True)
    mode_on_request = models.BooleanField("公开方式：依申请", default=False)
    level_county = models.BooleanField("公开层级：县级", default=True)
    level_township = models.BooleanField("公开层级：乡级", default=False)
    is_active = models.BooleanField("有效", default=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        ordering = ["domain__order", "domain_id", "order", "code"]
        indexes = [models.Index(fields=["agency", "is_active"])]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}" if self.level2 else self.level1

    def get_absolute_url(self) -> str:
        return reverse("catalog:item", args=[self.code])

    def audit_agency(self):
        return self.agency

    # --- the nine elements as printed -------------------------------------------------------

    @property
    def subject_display(self) -> str:
        return self.subject or (self.agency.name if self.agency_id else "")

    @property
    def carriers(self) -> list[str]:
        return split_codes(self.carrier_codes)

    @property
    def forms(self) -> list[str]:
        return split_codes(self.form_codes)

    def carrier_labels(self) -> list[str]:
        labels = []
        for code in self.carriers:
            label = Carrier(code).label
            if code == Carrier.OTHER and self.carrier_other:
                label = f"{label}：{self.carrier_other}"
            labels.append(label)
        return labels

    def form_labels(self) -> list[str]:
        return [DisclosureForm(c).label for c in self.forms]

    def partial_display(self) -> str:
        if not self.partial:
            return "否"
        return f"是：{self.partial_note}" if self.partial_note else "是"

    def reason_lines(self) -> list[str]:
        lines = []
        if self.art20_item:
            lines.append(Art20Item(self.art20_item).label)
        if self.art21_item:
            lines.append(Art21Item(self.art21_item).label)
        if self.withholding_ground:
            lines.append(WithholdingGround(self.withholding_ground).label)
        if self.reason_note:
            lines.append(f"说明：{self.reason_note}")
        return lines

    @property
    def workday_limit(self) -> int | None:
        """Working days allowed from formation or change, when the rule is a working-day one
        (for the records slice's 20-working-day check); None for other rules."""
        if self.time_limit_kind == TimeLimitKind.WORKDAYS:
            return self.time_limit_days
        return None

    def time_limit_display(self) -> str:
        if self.time_limit_text:
            return self.time_limit_text
        if self.time_limit_kind == TimeLimitKind.WORKDAYS and self.time_limit_days:
            return f"信息形成或者变更之日起{self.time_limit_days}个工作日内"
        return TimeLimitKind(self.time_limit_kind).label

    def nine_elements(self) -> list[tuple[str, str]]:
        """The nine elements with their Chinese labels, as shown on the public page."""
        platforms = [p.name for p in self.platforms.all()]
        return [
            ("公开主体", self.subject_display),
            ("公开属性", self.get_attribute_display()),
            ("部分公开情况", self.partial_display()),
            ("公开理由", "\n".join(self.reason_lines())),
            ("公开依据", "\n".join(c.printed() for c in self.citations.all())),
            ("公开形式", "、".join(self.form_labels())),
            ("公开时限", self.time_limit_display()),
            ("公开平台", "、".join(platforms)),
            ("公开载体", "、".join(self.carrier_labels())),
        ]


class Citation(models.Model):
    """One 公开依据: a legal text with the article relied on, its 文号 and a type tag."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="citations")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    kind = models.CharField("类型", max_length=30, choices=CitationType.choices)
    title = models.CharField("名称", max_length=200, help_text="不含书名号")
    document_number = models.CharField("文号", max_length=100, blank=True)
    article = models.CharField("条款", max_length=200, blank=True)

    class Meta:
        verbose_name = "公开依据"
        verbose_name_plural = "公开依据"
        ordering = ["item_id", "order", "id"]

    def __str__(self) -> str:
        return self.printed()

    def printed(self) -> str:
        """``【法律】《名称》（文号）条款``: the form used on pages and in both Excel layouts."""
        number = f"（{self.document_number}）" if self.document_number else ""
        return f"【{self.get_kind_display()}】《{self.title}》{number}{self.article}"


# --- standards system (GB/T 24421) -------------------------------------------------------------


class StandardLevel(models.TextChoices):
    NATIONAL = "national", "国家标准"
    INDUSTRY = "industry", "行业标准"
    LOCAL = "local", "地方标准"
    DISTRICT = "district", "区标准"


class StandardStatus(models.TextChoices):
    CURRENT = "current", "现行"
    DRAFTING = "drafting", "制定中"
    REPEALED = "repealed", "废止"


class StandardGroup(models.Model):
    """A node of the standards-system tree: 基础标准 / 保障标准 / 提供标准 and their sub-groups."""

    code = models.CharField("体系编号", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "标准体系分类"
        verbose_name_plural = "标准体系分类"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Standard(models.Model):
    number = models.CharField("标准编号", max_length=60, unique=True)
    title = models.CharField("标准名称", max_length=200)
    level = models.CharField("标准层级", max_length=20, choices=StandardLevel.choices)
    group = models.ForeignKey(
        StandardGroup, verbose_name="体系位置", on_delete=models.PROTECT, related_name="standards"
    )
    status = models.CharField(
        "状态", max_length=20, choices=StandardStatus.choices, default=StandardStatus.CURRENT
    )
    version = models.CharField("版本", max_length=20, blank=True)
    items = models.ManyToManyField(
        Item, verbose_name="适用事项", blank=True, related_name="standards"
    )
    domains = models.ManyToManyField(
        Domain, verbose_name="适用领域", blank=True, related_name="standards"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "标准"
        verbose_name_plural = "标准"
        ordering = ["group__order", "order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


# --- editions and change proposals -------------------------------------------------------------


class EditionQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(effective_on__lte=on)

    def current(self, on=None):
        """The edition in force (without its snapshot, which is large)."""
        return self.in_force(on).defer("snapshot").order_by("-effective_on", "-id").first()


class Edition(models.Model):
    """A published version of the catalogue with its effective date and an item-by-item change
    list against the previous edition. ``snapshot`` holds every domain and item as printed."""

    number = models.CharField("版本号", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    effective_on = models.DateField("生效日期")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(
        "orgs.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("版本说明", blank=True)
    snapshot = models.JSONField("目录快照", default=dict)
    changes = models.JSONField("变更清单", default=list)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "目录版本"
        verbose_name_plural = "目录版本"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def get_absolute_url(self) -> str:
        return reverse("catalog:edition", args=[self.number])


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"


class Proposal(models.Model):
    """A change to an item proposed by its agency; the district office accepts or rejects it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="proposals")
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    changes = models.JSONField("建议修改", default=dict)
    reason = models.TextField("修改理由")
    status = models.CharField(
        "状态", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "orgs.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_note = models.TextField("处理意见", blank=True)

    class Meta:
        verbose_name = "目录修改建议"
        verbose_name_plural = "目录修改建议"
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_status_display()}"

    def audit_agency(self):
        return self.agency

    def change_rows(self) -> list[tuple[str, str]]:
        """The proposed changes as (Chinese field label, new value)."""
        from .rows import FIELD_LABELS

        return [(FIELD_LABELS.get(k, k), v) for k, v in self.changes.items()]
