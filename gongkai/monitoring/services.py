"""Staff writes of monitoring. Each runs in one transaction and leaves exactly one audit event.

Configuration (freshness periods, column classes, 扣分 lines, settings, the 错敏词 list, probe
addresses) belongs to the district office. Deciding whether a wording hit is an error belongs to
the reviewer or head of the record's agency, or the office.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import has_role, is_district_office
from gongkai.orgs.models import Role

from . import links, probes, rules, words
from . import summary as summaries
from .models import (
    ColumnSetting,
    Deduction,
    FreshnessRule,
    HitStatus,
    MonitoringSettings,
    ProbeTarget,
    WatchWord,
    WordHit,
    WordKind,
)

RULE_FIELDS = ["period", "unit"]
DEDUCTION_FIELDS = ["points", "cap"]
SETTINGS_FIELDS = [
    "pass_mark",
    "probe_interval_minutes",
    "check_external_links",
    "link_timeout_seconds",
]
WORD_FIELDS = ["kind", "word", "title", "correct", "severe", "note", "is_active"]
TARGET_FIELDS = ["name", "url", "agency_id", "is_active", "order"]


def require_office(actor) -> None:
    if not is_district_office(actor):
        raise PermissionDenied("只有区政务公开办可以修改网站监测设置。")


def column_keys() -> dict[str, str]:
    """Every column key the office may classify, with its label."""
    from gongkai.records.models import COLUMNS

    keys = {slug: f"各单位栏目：{label}" for slug, label, _ in COLUMNS}
    keys.update({c.key: c.label for c in rules.SITE_COLUMNS})
    return keys


def _save(obj, fields: list[str], changes: dict) -> tuple[dict, dict]:
    before = snapshot(obj, fields) if obj.pk else {}
    for name, value in changes.items():
        if name not in fields:
            raise ValueError(f"unknown field {name}")
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return diff(before, snapshot(obj, fields))


@transaction.atomic
def update_freshness_rule(rule: FreshnessRule, *, actor, period, unit) -> FreshnessRule:
    require_office(actor)
    rule = FreshnessRule.objects.select_for_update().get(pk=rule.pk)
    if rule.code in rules.VETO_A_WINDOWS and period is None:
        raise ValidationError({"period": "该类别的栏目必须有更新周期（单项否决第（一）项）。"})
    old, new = _save(rule, RULE_FIELDS, {"period": period, "unit": unit})
    record_event(actor=actor, action="monitoring.rule.update", target=rule, before=old, after=new)
    return rule


@transaction.atomic
def set_column_rule(*, actor, key: str, rule: FreshnessRule) -> ColumnSetting:
    require_office(actor)
    if key not in column_keys():
        raise ValidationError({"key": f"栏目“{key}”不存在。"})
    if rule.scope != FreshnessRule.Scope.COLUMN:
        raise ValidationError({"rule": "请选择适用于栏目的更新周期类别。"})
    setting = ColumnSetting.objects.filter(key=key).first()
    before = setting.rule.code if setting else rules.COLUMN_DEFAULTS.get(key, "")
    if setting is None:
        setting = ColumnSetting(key=key, rule=rule)
    else:
        setting.rule = rule
    setting.save()
    record_event(
        actor=actor,
        action="monitoring.column.update",
        target=setting,
        target_repr=column_keys()[key],
        before={"rule": before},
        after={"rule": rule.code},
    )
    return setting


@transaction.atomic
def update_deduction(deduction: Deduction, *, actor, points, cap) -> Deduction:
    require_office(actor)
    deduction = Deduction.objects.select_for_update().get(pk=deduction.pk)
    old, new = _save(deduction, DEDUCTION_FIELDS, {"points": points, "cap": cap})
    record_event(
        actor=actor, action="monitoring.deduction.update", target=deduction, before=old, after=new
    )
    return deduction


@transaction.atomic
def update_settings(*, actor, **changes) -> MonitoringSettings:
    require_office(actor)
    current = MonitoringSettings.current()
    old, new = _save(current, SETTINGS_FIELDS, changes)
    record_event(
        actor=actor, action="monitoring.settings.update", target=current, before=old, after=new
    )
    return current


def _clean_word(fields: dict) -> dict:
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    kind = fields.get("kind")
    if kind == WordKind.LEADER and not fields.get("title"):
        raise ValidationError({"title": "领导姓名必须填写职务，系统据此识别写错的姓名。"})
    if kind == WordKind.WRONG and not fields.get("correct"):
        raise ValidationError({"correct": "错误表述必须填写正确写法。"})
    if kind == WordKind.WRONG and fields.get("correct") == fields.get("word"):
        raise ValidationError({"correct": "正确写法不能与错误写法相同。"})
    if kind != WordKind.LEADER:
        fields["title"] = ""
    return fields


@transaction.atomic
def create_watch_word(*, actor, **fields) -> WatchWord:
    require_office(actor)
    fields = _clean_word(fields)
    if WatchWord.objects.filter(
        kind=fields["kind"], word=fields["word"], title=fields.get("title", "")
    ).exists():
        raise ValidationError({"word": "该词语已在列表中。"})
    word = WatchWord()
    _old, new = _save(word, WORD_FIELDS, fields)
    record_event(actor=actor, action="monitoring.word.create", target=word, after=new)
    return word


@transaction.atomic
def update_watch_word(entry: WatchWord, /, *, actor, **fields) -> WatchWord:
    require_office(actor)
    word = WatchWord.objects.select_for_update().get(pk=entry.pk)
    merged = {name: getattr(word, name) for name in WORD_FIELDS}
    merged.update(fields)
    merged = _clean_word(merged)
    clash = WatchWord.objects.filter(
        kind=merged["kind"], word=merged["word"], title=merged.get("title", "")
    ).exclude(pk=word.pk)
    if clash.exists():
        raise ValidationError({"word": "该词语已在列表中。"})
    old, new = _save(word, WORD_FIELDS, merged)
    record_event(actor=actor, action="monitoring.word.update", target=word, before=old, after=new)
    return word


@transaction.atomic
def decide_hit(hit: WordHit, *, actor, status: str, note: str = "") -> WordHit:
    """Record whether a wording hit is a real error (确认有误) or a false alarm (误报)."""
    hit = (
        WordHit.objects.select_for_update().select_related("record__agency", "word").get(pk=hit.pk)
    )
    if not has_role(actor, hit.record.agency, Role.REVIEWER, Role.HEAD):
        raise PermissionDenied(f"需要“{hit.record.agency.name}”的审核人或机构负责人岗位才能核实。")
    if status not in (HitStatus.CONFIRMED, HitStatus.DISMISSED, HitStatus.OPEN):
        raise ValidationError({"status": "核实结果无效。"})
    note = (note or "").strip()
    if status == HitStatus.DISMISSED and not note:
        raise ValidationError({"decision_note": "认定为误报时请说明理由。"})
    before = snapshot(hit, ["status", "decision_note"])
    hit.status = status
    hit.decision_note = note[:200]
    hit.decided_by = actor if status != HitStatus.OPEN else None
    hit.decided_at = timezone.now() if status != HitStatus.OPEN else None
    hit.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    old, new = diff(before, snapshot(hit, ["status", "decision_note"]))
    record_event(
        actor=actor,
        action="monitoring.hit.decide",
        target=hit,
        target_repr=f"{hit.record.title[:80]}：{hit.matched}",
        before=old,
        after=new,
    )
    return hit


def _check_url(fields: dict) -> None:
    url = (fields.get("url") or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": "网址必须以 http:// 或 https:// 开头。"})


@transaction.atomic
def create_probe_target(*, actor, **fields) -> ProbeTarget:
    require_office(actor)
    _check_url(fields)
    target = ProbeTarget()
    _old, new = _save(target, TARGET_FIELDS, fields)
    record_event(actor=actor, action="monitoring.target.create", target=target, after=new)
    return target


@transaction.atomic
def update_probe_target(target: ProbeTarget, *, actor, **fields) -> ProbeTarget:
    require_office(actor)
    _check_url(fields)
    target = ProbeTarget.objects.select_for_update().get(pk=target.pk)
    old, new = _save(target, TARGET_FIELDS, fields)
    record_event(
        actor=actor, action="monitoring.target.update", target=target, before=old, after=new
    )
    return target


CHECKS = {
    "links": "错链断链检查",
    "words": "错敏词检查",
    "probes": "可用性探测",
}


def run_checks(*, actor, kinds: list[str]) -> dict:
    """Run the stored checks now (the office's “立即检查” button). The checks themselves write
    results, not staff decisions; the request to run them is audited once."""
    require_office(actor)
    unknown = [k for k in kinds if k not in CHECKS]
    if unknown or not kinds:
        raise ValidationError("请选择要运行的检查。")
    summary: dict = {}
    if "words" in kinds:
        summary["words"] = words.scan_words(actor=actor).summary
    if "links" in kinds:
        summary["links"] = links.scan_links(actor=actor).summary
    if "probes" in kinds:
        done = probes.run_probes(force=True)
        summary["probes"] = {"visits": len(done), "failed": sum(1 for p in done if not p.ok)}
    summaries.store()  # the dashboard widget shows the result of this run
    with transaction.atomic():
        record_event(
            actor=actor,
            action="monitoring.checks.run",
            target_repr="、".join(CHECKS[k] for k in kinds),
            after=summary,
        )
    return summary
