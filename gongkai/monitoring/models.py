"""Website monitoring (网站监测): its configuration and the results of checks that cannot be
computed on the fly (probes, link checks, wording hits).

Column freshness, blank columns, publication-time anomalies and catalogue items are computed
from the records and the catalogue each time a page asks (`checks.evaluate`); only what needs the
network or a human decision is stored here, plus the summary of the last evaluation that the
dashboard reads (`EvaluationSummary`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import rules


class FreshnessRule(models.Model):
    """A freshness class (更新周期类别): how recent the newest item of a column or a catalogue
    item must be. Seeded from `rules.RULE_DEFAULTS`; the office may change the periods."""

    class Scope(models.TextChoices):
        COLUMN = "column", "栏目"
        ITEM = "item", "目录事项"

    code = models.SlugField("代码", max_length=30, unique=True)
    label = models.CharField("类别", max_length=100)
    scope = models.CharField("适用于", max_length=10, choices=Scope.choices)
    period = models.PositiveSmallIntegerField(
        "更新周期",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="留空表示不定期更新，只检查是否空白。",
    )
    unit = models.CharField("单位", max_length=10, choices=rules.UNITS, default=rules.DAY)
    basis = models.CharField("依据", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "更新周期类别"
        verbose_name_plural = "更新周期类别"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.label}（{self.period_label}）"

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period, self.unit)


class ColumnSetting(models.Model):
    """The freshness class the office chose for one column (overrides `rules.COLUMN_DEFAULTS`).
    The key is a records column slug (the same column in every agency's channel) or a portal
    column key."""

    key = models.SlugField("栏目", max_length=40, unique=True)
    rule = models.ForeignKey(
        FreshnessRule,
        verbose_name="更新周期类别",
        on_delete=models.PROTECT,
        related_name="columns",
        limit_choices_to={"scope": "column"},
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "栏目更新类别"
        verbose_name_plural = "栏目更新类别"

    def __str__(self) -> str:
        return f"{self.key} → {self.rule.label}"


class Deduction(models.Model):
    """One 扣分 line of the district's own score [U]: points per occurrence, with a cap."""

    code = models.SlugField("代码", max_length=30, unique=True)
    label = models.CharField("扣分项", max_length=100)
    points = models.DecimalField(
        "每处扣分", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    cap = models.DecimalField(
        "最多扣分", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "扣分项"
        verbose_name_plural = "扣分项"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class MonitoringSettings(models.Model):
    """Operational settings (one row)."""

    pass_mark = models.PositiveSmallIntegerField(
        "合格分数线",
        default=rules.DEFAULT_PASS_MARK,
        validators=[MaxValueValidator(100)],
        help_text="得分低于此分数为不合格（国办秘函〔2019〕19号扣分指标：低于60分不合格）。",
    )
    probe_interval_minutes = models.PositiveSmallIntegerField(
        "可用性探测间隔（分钟）",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(rules.MAX_PROBE_INTERVAL_MINUTES)],
        help_text=f"每个地址每隔多少分钟访问一次。不得超过{rules.MAX_PROBE_INTERVAL_MINUTES}分钟："
        f"定时任务每15分钟运行一次，间隔再长，每天的访问次数就会不足{rules.UPTIME_MIN_DAILY}次。",
    )
    check_external_links = models.BooleanField(
        "检查外部链接",
        default=False,
        help_text="勾选后，错链检查会访问正文中指向其他网站的链接（需要服务器能访问外网）。",
    )
    link_timeout_seconds = models.PositiveSmallIntegerField(
        "外部链接超时（秒）", default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "监测设置"
        verbose_name_plural = "监测设置"

    def __str__(self) -> str:
        return "监测设置"

    @classmethod
    def current(cls) -> MonitoringSettings:
        obj = cls.objects.filter(pk=1).first()
        return obj if obj is not None else cls(pk=1)


class ProbeTarget(models.Model):
    """An address visited regularly to measure availability (站点无法访问)."""

    name = models.CharField("名称", max_length=100)
    url = models.URLField("网址", max_length=500)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="probe_targets",
        help_text="留空表示区政府门户网站本身；部门或街镇单独运行的网站请选择其主办单位。",
    )
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "可用性监测地址"
        verbose_name_plural = "可用性监测地址"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_agency(self):
        return self.agency


class Probe(models.Model):
    """One visit of a target. Written by the probe job, never edited."""

    target = models.ForeignKey(ProbeTarget, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField("访问时间", db_index=True)
    ok = models.BooleanField("可访问")
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", null=True, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta:
        verbose_name = "可用性探测记录"
        verbose_name_plural = "可用性探测记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target", "at"])]

    def __str__(self) -> str:
        return f"{self.target} {self.at:%Y-%m-%d %H:%M} {'成功' if self.ok else '失败'}"


class LinkCheck(models.Model):
    """The latest result for one link found in the body of a public record."""

    record = models.ForeignKey(
        "records.Record", on_delete=models.CASCADE, related_name="link_checks"
    )
    url = models.CharField("链接", max_length=1000)
    text = models.CharField("链接文字", max_length=200, blank=True)
    internal = models.BooleanField("站内链接")
    ok = models.BooleanField("可访问", null=True, help_text="空表示未检查（外部链接检查未开启）。")
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    error = models.CharField("问题", max_length=300, blank=True)
    checked_at = models.DateTimeField("检查时间")
    broken_since = models.DateTimeField("首次发现失效", null=True, blank=True)

    class Meta:
        verbose_name = "链接检查结果"
        verbose_name_plural = "链接检查结果"
        ordering = ["record_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "url"], name="linkcheck_record_url_unique")
        ]

    def __str__(self) -> str:
        return self.url

    def audit_agency(self):
        return self.record.agency


class WordKind(models.TextChoices):
    SENSITIVE = "sensitive", "敏感词"
    SECRET = "secret", "涉密标识"
    LEADER = "leader", "领导姓名"
    WRONG = "wrong", "错误表述"


class WatchWord(models.Model):
    """An entry of the 错敏词 list scanned in public records (严重表述错误)."""

    kind = models.CharField("类型", max_length=12, choices=WordKind.choices)
    word = models.CharField(
        "词语",
        max_length=50,
        help_text="领导姓名填写正确姓名；错误表述填写错误的写法。",
    )
    title = models.CharField(
        "职务",
        max_length=30,
        blank=True,
        help_text="仅领导姓名：如“区长”。职务前后紧邻的姓名与正确姓名只差一个字时，提示疑似写错。",
    )
    correct = models.CharField("正确写法", max_length=50, blank=True)
    severe = models.BooleanField(
        "属严重表述错误",
        default=True,
        help_text="经核实后计入单项否决“严重表述错误”；不勾选的按一般错别字扣分。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["kind", "word", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "word", "title"],
                name="watchword_unique",
                violation_error_message="该词语已在列表中。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}{self.word}"


class HitStatus(models.TextChoices):
    OPEN = "open", "待核实"
    CONFIRMED = "confirmed", "确认有误"
    DISMISSED = "dismissed", "误报"


class WordHitQuerySet(models.QuerySet):
    def for_agencies(self, agencies):
        return self.filter(record__agency__in=agencies)


class WordHit(models.Model):
    """A place in a public record where a watched word (or a near-miss of a leader's name) was
    found. The scan keeps it while the text is still there; staff decide whether it is an error."""

    record = models.ForeignKey("records.Record", on_delete=models.CASCADE, related_name="word_hits")
    word = models.ForeignKey(WatchWord, on_delete=models.CASCADE, related_name="hits")
    field = models.CharField(
        "位置", max_length=10, choices=[("title", "标题"), ("body", "正文")], default="body"
    )
    matched = models.CharField("发现的写法", max_length=60)
    suggestion = models.CharField("建议", max_length=100, blank=True)
    excerpt = models.CharField("上下文", max_length=200, blank=True)
    occurrences = models.PositiveSmallIntegerField("出现次数", default=1)
    status = models.CharField(
        "核实结果", max_length=12, choices=HitStatus.choices, default=HitStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("核实时间", null=True, blank=True)
    decision_note = models.CharField("核实说明", max_length=200, blank=True)
    first_found_at = models.DateTimeField("发现时间")
    last_found_at = models.DateTimeField("最近检查时间")

    objects = WordHitQuerySet.as_manager()

    class Meta:
        verbose_name = "错敏词命中"
        verbose_name_plural = "错敏词命中"
        ordering = ["-first_found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "word", "field", "matched"], name="wordhit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.matched}（{self.record_id}）"

    def audit_agency(self):
        return self.record.agency

    @property
    def severe(self) -> bool:
        return self.word.severe


class CheckRun(models.Model):
    """One run of a stored check (links, wording, probes), for "last checked" and the tick."""

    class Kind(models.TextChoices):
        LINKS = "links", "错链断链检查"
        WORDS = "words", "错敏词检查"
        PROBES = "probes", "可用性探测"

    kind = models.CharField("检查", max_length=10, choices=Kind.choices)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.JSONField("结果摘要", default=dict)

    class Meta:
        verbose_name = "检查运行记录"
        verbose_name_plural = "检查运行记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class EvaluationSummary(models.Model):
    """The figures of the latest whole-site `checks.evaluate()` (one row, pk 1), for the staff
    dashboard: `gongkai tick` and 立即检查 write it (`summary.store`), so that /staff/ reads one
    row instead of evaluating every agency on each load. The monitoring pages compute live."""

    evaluated_at = models.DateTimeField("检查时间")
    data = models.JSONField("结果摘要", default=dict)

    class Meta:
        verbose_name = "监测结果摘要"
        verbose_name_plural = "监测结果摘要"

    def __str__(self) -> str:
        return f"监测结果摘要 {self.evaluated_at:%Y-%m-%d %H:%M}"
