"""Back-office views of monitoring (/staff/monitoring/...). Thin: the report comes from
`checks.evaluate`, writes go through `services`, protected objects load through the helpers
here (another agency's object is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.legal import DisclosureAttribute
from gongkai.orgs.access import (
    can_see_agency,
    get_agency_for_staff,
    has_role,
    is_district_office,
    visible_agencies,
)
from gongkai.orgs.models import AgencyLevel, Role
from gongkai.records.models import Record, Status

from . import checks, exporting, rules, services
from .forms import (
    ColumnForm,
    DeductionForm,
    HitDecisionForm,
    ProbeTargetForm,
    RuleForm,
    RunForm,
    SettingsForm,
    WatchWordForm,
)
from .models import (
    CheckRun,
    Deduction,
    FreshnessRule,
    HitStatus,
    LinkCheck,
    MonitoringSettings,
    Probe,
    ProbeTarget,
    WatchWord,
    WordHit,
)


def _require_office(request) -> None:
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以访问此页面。")


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(f"{'；'.join(msgs)}" for msgs in exc.message_dict.values())
    return "；".join(exc.messages)


def _staff_agencies(request):
    return visible_agencies(request.user).disclosing().order_by("order", "id")


def get_hit_for_staff(request, pk: int) -> WordHit:
    hit = WordHit.objects.select_related("record__agency", "word").filter(pk=pk).first()
    if hit is None or not can_see_agency(request.user, hit.record.agency):
        raise Http404("未找到该记录。")
    return hit


def _last_runs() -> dict[str, CheckRun | None]:
    return {
        kind: CheckRun.objects.filter(kind=kind, finished_at__isnull=False).first()
        for kind in (CheckRun.Kind.WORDS, CheckRun.Kind.LINKS)
    }


@login_required
def scorecard(request):
    """The district office's scorecard; anyone else goes to their own agency's report."""
    if not is_district_office(request.user):
        agencies = list(_staff_agencies(request))
        if len(agencies) == 1:
            return redirect("staff_monitoring:agency", code=agencies[0].code)
        if not agencies:
            raise PermissionDenied("您还没有任何单位的岗位。")
        return render(request, "monitoring/staff/choose.html", {"agencies": agencies})
    report = checks.evaluate()
    level = request.GET.get("level", "")
    rows = report.agencies
    if level in (AgencyLevel.DEPARTMENT, AgencyLevel.SUBDISTRICT, AgencyLevel.DISTRICT):
        rows = [a for a in rows if a.agency.level == level]
    if request.GET.get("failing"):
        rows = [a for a in rows if not a.passed]
    return render(
        request,
        "monitoring/staff/scorecard.html",
        {
            "report": report,
            "rows": rows,
            "level": level,
            "failing": bool(request.GET.get("failing")),
            "levels": [
                (AgencyLevel.DISTRICT, "区政府"),
                (AgencyLevel.DEPARTMENT, "区政府部门"),
                (AgencyLevel.SUBDISTRICT, "街镇"),
            ],
            "run_form": RunForm(),
            "last_runs": _last_runs(),
            "rules": rules,
            "problem_site_columns": [c for c in report.site_columns if c.state != "ok"],
        },
    )


@login_required
def agency_report(request, code: str):
    agency = get_agency_for_staff(request, code)
    report = checks.evaluate(agencies=[agency])
    row = report.agencies[0]
    now = report.now
    anomalies = []
    for kind, rows in checks.anomaly_rows(now, [agency.pk]).items():
        ids = [pk for pk, _agency_id in rows][:20]
        for record in Record.objects.filter(pk__in=ids).order_by("-id"):
            anomalies.append((checks.ANOMALY_LABELS[kind], record))
    broken = (
        LinkCheck.objects.filter(
            record__agency=agency,
            ok=False,
            record__status=Status.PUBLISHED,
            record__attribute=DisclosureAttribute.PROACTIVE,
        )
        .select_related("record")
        .order_by("record_id", "id")[:100]
    )
    hits = (
        WordHit.objects.filter(
            record__agency=agency,
            record__status=Status.PUBLISHED,
            record__attribute=DisclosureAttribute.PROACTIVE,
        )
        .exclude(status=HitStatus.DISMISSED)
        .select_related("record__agency", "word")[:100]
    )
    hits = _mark_decidable(request, hits)
    return render(
        request,
        "monitoring/staff/agency.html",
        {
            "agency": agency,
            "row": row,
            "report": report,
            "anomalies": anomalies,
            "broken": broken,
            "hits": hits,
            "guide_gaps": checks.guide_gaps([agency]),
            "is_district_office": is_district_office(request.user),
            "last_runs": _last_runs(),
            "home_days": rules.HOMEPAGE_DAYS,
        },
    )


@login_required
def export(request):
    _require_office(request)
    report = checks.evaluate()
    response = HttpResponse(
        exporting.write_scorecard(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="monitoring-scorecard-{stamp}.xlsx"'
    return response


@login_required
@require_POST
def run(request):
    _require_office(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要运行的检查项目。")
        return redirect("staff_monitoring:scorecard")
    summary = services.run_checks(actor=request.user, kinds=form.cleaned_data["kinds"])
    parts = []
    if "words" in summary:
        parts.append(f"错敏词命中 {summary['words']['hits']} 处")
    if "links" in summary:
        parts.append(
            f"检查链接 {summary['links']['links']} 个，失效 {summary['links']['broken']} 个"
        )
    if "probes" in summary:
        parts.append(
            f"探测 {summary['probes']['visits']} 次，失败 {summary['probes']['failed']} 次"
        )
    messages.success(request, "检查完成：" + "；".join(parts) + "。")
    return redirect("staff_monitoring:scorecard")


# --- configuration (district office) ---------------------------------------------------------


def _settings_context(**overrides):
    freshness = checks.load_rules()
    by_key = checks.column_rules(freshness)
    column_rows = [(key, label, by_key.get(key)) for key, label in services.column_keys().items()]
    context = {
        "rule_forms": [
            (rule, RuleForm(instance=rule, prefix=f"rule-{rule.pk}"))
            for rule in FreshnessRule.objects.all()
        ],
        "column_rows": [
            (key, label, rule, ColumnForm(initial={"key": key, "rule": rule}, prefix=f"col-{key}"))
            for key, label, rule in column_rows
        ],
        "deduction_forms": [
            (d, DeductionForm(instance=d, prefix=f"ded-{d.pk}")) for d in Deduction.objects.all()
        ],
        "settings_form": SettingsForm(instance=MonitoringSettings.current(), prefix="settings"),
        "rules": rules,
    }
    context.update(overrides)
    return context


def _post_rule(request):
    rule = FreshnessRule.objects.filter(pk=request.POST.get("pk")).first()
    if rule is None:
        raise Http404()
    form = RuleForm(
        request.POST, instance=FreshnessRule.objects.get(pk=rule.pk), prefix=f"rule-{rule.pk}"
    )
    if form.is_valid():
        services.update_freshness_rule(
            rule,
            actor=request.user,
            period=form.cleaned_data["period"],
            unit=form.cleaned_data["unit"],
        )
        return f"已保存“{rule.label}”的更新周期。"
    raise ValidationError(
        f"“{rule.label}”：" + "；".join(e for errs in form.errors.values() for e in errs)
    )


def _post_column(request):
    key = request.POST.get("key", "")
    form = ColumnForm(request.POST, prefix=f"col-{key}")
    if form.is_valid():
        services.set_column_rule(actor=request.user, key=key, rule=form.cleaned_data["rule"])
        return f"已修改栏目“{services.column_keys().get(key, key)}”的更新周期类别。"
    raise ValidationError("请选择更新周期类别。")


def _post_deduction(request):
    deduction = Deduction.objects.filter(pk=request.POST.get("pk")).first()
    if deduction is None:
        raise Http404()
    form = DeductionForm(
        request.POST, instance=Deduction.objects.get(pk=deduction.pk), prefix=f"ded-{deduction.pk}"
    )
    if form.is_valid():
        services.update_deduction(
            deduction,
            actor=request.user,
            points=form.cleaned_data["points"],
            cap=form.cleaned_data["cap"],
        )
        return f"已保存扣分项“{deduction.label}”。"
    raise ValidationError(
        f"“{deduction.label}”：" + "；".join(e for errs in form.errors.values() for e in errs)
    )


def _post_settings(request):
    form = SettingsForm(request.POST, instance=MonitoringSettings.current(), prefix="settings")
    if form.is_valid():
        services.update_settings(actor=request.user, **form.cleaned_data)
        return "已保存监测设置。"
    raise ValidationError(
        "；".join(
            f"{form.fields[name].label if name in form.fields else ''}：{e}"
            for name, errs in form.errors.items()
            for e in errs
        )
    )


#: The forms of the settings page, by the name of the submit button's `form` value.
SETTINGS_ACTIONS = {
    "rule": _post_rule,
    "column": _post_column,
    "deduction": _post_deduction,
    "settings": _post_settings,
}


@login_required
def settings_page(request):
    _require_office(request)
    if request.method == "POST":
        action = SETTINGS_ACTIONS.get(request.POST.get("form", ""))
        if action is None:
            raise Http404()
        try:
            messages.success(request, action(request))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("staff_monitoring:settings")
    return render(request, "monitoring/staff/settings.html", _settings_context())


@login_required
def word_list(request):
    _require_office(request)
    form = WatchWordForm(request.POST or None, initial={"is_active": True, "severe": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_watch_word(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已加入错敏词列表，下次检查时生效。")
            return redirect("staff_monitoring:words")
    words = WatchWord.objects.all()
    kind = request.GET.get("kind", "")
    if kind:
        words = words.filter(kind=kind)
    return render(
        request,
        "monitoring/staff/words.html",
        {
            "form": form,
            "words": words,
            "kind": kind,
            "kinds": WatchWord._meta.get_field("kind").choices,
        },
    )


@login_required
def word_edit(request, pk: int):
    _require_office(request)
    word = WatchWord.objects.filter(pk=pk).first()
    if word is None:
        raise Http404("未找到该词语。")
    form = WatchWordForm(request.POST or None, instance=WatchWord.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_watch_word(word, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff_monitoring:words")
    return render(request, "monitoring/staff/word_form.html", {"form": form, "word": word})


# --- findings ---------------------------------------------------------------------------------


@login_required
def hit_list(request):
    agencies = _staff_agencies(request)
    hits = (
        WordHit.objects.for_agencies(agencies)
        .filter(record__status=Status.PUBLISHED, record__attribute=DisclosureAttribute.PROACTIVE)
        .select_related("record__agency", "word")
    )
    status = request.GET.get("status", HitStatus.OPEN)
    if status in HitStatus.values:
        hits = hits.filter(status=status)
    page = Paginator(hits, 50).get_page(request.GET.get("page"))
    page.object_list = _mark_decidable(request, page.object_list)
    return render(
        request,
        "monitoring/staff/hits.html",
        {
            "page": page,
            "status": status,
            "statuses": HitStatus.choices,
            "form": HitDecisionForm(),
            "query": f"status={status}",
        },
    )


@login_required
@require_POST
def hit_decide(request, pk: int):
    hit = get_hit_for_staff(request, pk)
    form = HitDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_hit(
                hit,
                actor=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "已记录核实结果。")
    else:
        messages.error(request, "请选择核实结果。")
    back = request.POST.get("next", "")
    if back.startswith("/staff/monitoring/"):
        return redirect(back)
    return redirect(reverse("staff_monitoring:hits"))


@login_required
def link_list(request):
    agencies = _staff_agencies(request)
    links = LinkCheck.objects.filter(
        record__agency__in=agencies,
        record__status=Status.PUBLISHED,
        record__attribute=DisclosureAttribute.PROACTIVE,
    ).select_related("record__agency")
    show = request.GET.get("show", "broken")
    if show == "broken":
        links = links.filter(ok=False)
    elif show == "unchecked":
        links = links.filter(ok__isnull=True)
    page = Paginator(links.order_by("record__agency__order", "record_id", "id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/staff/links.html",
        {"page": page, "show": show, "query": f"show={show}", "last_runs": _last_runs()},
    )


@login_required
def probe_list(request):
    _require_office(request)
    form = ProbeTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agency_id"] = data.pop("agency").pk if data.get("agency") else None
        try:
            services.create_probe_target(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已添加监测地址。")
            return redirect("staff_monitoring:probes")
    now = timezone.now()
    targets = list(ProbeTarget.objects.select_related("agency"))
    statuses = checks._target_statuses(now, targets)
    recent_failures = Probe.objects.filter(ok=False).select_related("target")[:30]
    return render(
        request,
        "monitoring/staff/probes.html",
        {
            "form": form,
            "statuses": statuses,
            "recent_failures": recent_failures,
            "rules": rules,
            "interval": MonitoringSettings.current().probe_interval_minutes,
        },
    )


@login_required
def probe_edit(request, pk: int):
    _require_office(request)
    target = ProbeTarget.objects.filter(pk=pk).first()
    if target is None:
        raise Http404("未找到该监测地址。")
    form = ProbeTargetForm(request.POST or None, instance=ProbeTarget.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agency_id"] = data.pop("agency").pk if data.get("agency") else None
        try:
            services.update_probe_target(target, actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff_monitoring:probes")
    return render(request, "monitoring/staff/target_form.html", {"form": form, "target": target})


def _mark_decidable(request, hits) -> list[WordHit]:
    """Attach `can_decide` to each hit: reviewers and heads of its agency, and the office."""
    hits = list(hits)
    allowed: dict[int, bool] = {}
    for hit in hits:
        agency = hit.record.agency
        if agency.pk not in allowed:
            allowed[agency.pk] = has_role(request.user, agency, Role.REVIEWER, Role.HEAD)
        hit.can_decide = allowed[agency.pk]
    return hits
