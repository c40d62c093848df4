"""Admin: configuration is audited; results written by the checks are read-only here (hits are
decided in the back office, where the decision is audited)."""

from django.contrib import admin

from gongkai.core.admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import (
    CheckRun,
    ColumnSetting,
    Deduction,
    EvaluationSummary,
    FreshnessRule,
    LinkCheck,
    MonitoringSettings,
    Probe,
    ProbeTarget,
    WatchWord,
    WordHit,
)


@admin.register(FreshnessRule)
class FreshnessRuleAdmin(AuditedModelAdmin):
    list_display = ["label", "scope", "period", "unit"]


@admin.register(WatchWord)
class WatchWordAdmin(AuditedModelAdmin):
    list_display = ["word", "kind", "title", "correct", "severe", "is_active"]
    list_filter = ["kind", "severe", "is_active"]
    search_fields = ["word", "correct", "title"]


@admin.register(ProbeTarget)
class ProbeTargetAdmin(AuditedModelAdmin):
    list_display = ["name", "url", "agency", "is_active"]
    raw_id_fields = ["agency"]


@admin.register(Probe)
class ProbeAdmin(ReadOnlyModelAdmin):
    list_display = ["target", "at", "ok", "status_code", "elapsed_ms", "error"]
    list_filter = ["ok"]


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyModelAdmin):
    list_display = ["url", "record", "internal", "ok", "error", "checked_at"]
    list_filter = ["internal", "ok"]
    raw_id_fields = ["record"]


@admin.register(WordHit)
class WordHitAdmin(ReadOnlyModelAdmin):
    list_display = ["matched", "word", "record", "status", "first_found_at"]
    list_filter = ["status"]
    raw_id_fields = ["record"]


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "started_at", "finished_at", "actor"]


@admin.register(EvaluationSummary)
class EvaluationSummaryAdmin(ReadOnlyModelAdmin):
    list_display = ["evaluated_at"]


admin.site.register(ColumnSetting, AuditedModelAdmin)
admin.site.register(Deduction, AuditedModelAdmin)
admin.site.register(MonitoringSettings, AuditedModelAdmin)
