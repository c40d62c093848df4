"""Public pages: apply online, follow an application, the public docket. No personal data is
ever shown here: the status page shows steps and dates only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from . import antispam, services
from .forms import PublicApplicationForm, TrackForm
from .models import Application, EventKind, Status

#: Event kinds shown to the applicant on the status page (internal notes stay internal).
PUBLIC_STEPS = [
    EventKind.SUBMITTED,
    EventKind.RECEIVED,
    EventKind.CORRECTION_REQUESTED,
    EventKind.CORRECTION_RECEIVED,
    EventKind.CORRECTION_LAPSED,
    EventKind.CONSULTATION_STARTED,
    EventKind.CONSULTATION_ANSWERED,
    EventKind.EXTENDED,
    EventKind.DELAY_SET,
    EventKind.FEE_NOTICE,
    EventKind.FEE_PAID,
    EventKind.FEE_LAPSED,
    EventKind.WITHDRAWN,
    EventKind.REPLIED,
]


def _client(request) -> str | None:
    return getattr(request, "client_address", None) or request.META.get("REMOTE_ADDR")


@never_cache
def apply(request):
    if request.method == "POST":
        form = PublicApplicationForm(request.POST)
        if form.is_valid():
            if not antispam.allow_submission(_client(request), form.cleaned_data["phone"]):
                form.add_error(None, "提交过于频繁，请稍后再试；如有困难请致电受理机关。")
            else:
                try:
                    application, code = services.submit_application(
                        agency=form.cleaned_data["agency"],
                        applicant=form.applicant(),
                        request_info=form.request_info(),
                        extra_titles=form.extra_titles(),
                    )
                except services.ProcedureError as exc:
                    form.add_error(None, exc.messages[0])
                else:
                    numbers = [application.tracking_number] + list(
                        application.split_parts.values_list("tracking_number", flat=True)
                    )
                    # Shown once on the next page, never put in a URL.
                    request.session["gk_apply_done"] = {"numbers": numbers, "code": code}
                    return redirect("applications:done")
    else:
        form = PublicApplicationForm()
    question, token = antispam.new_challenge()
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["challenge_token"] = token
        data["challenge"] = ""
        form.data = data
    else:
        form.initial["challenge_token"] = token
    return render(request, "applications/apply.html", {"form": form, "question": question})


@never_cache
def done(request):
    info = request.session.pop("gk_apply_done", None)
    if not info:
        return redirect("applications:apply")
    return render(request, "applications/done.html", info)


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not antispam.allow_lookup(_client(request)):
            form.add_error(None, "查询过于频繁，请一小时后再试。")
        else:
            number = form.cleaned_data["tracking_number"].strip().upper()
            application = (
                Application.objects.select_related("agency").filter(tracking_number=number).first()
            )
            if application is not None and services.check_query_code(
                application, form.cleaned_data["query_code"]
            ):
                steps = [e for e in application.events.all() if e.kind in PUBLIC_STEPS]
                return render(
                    request,
                    "applications/status.html",
                    {"application": application, "steps": steps},
                )
            form.add_error(None, "申请编号或查询码不正确。")
    return render(request, "applications/track.html", {"form": form})


def docket(request):
    qs = Application.objects.docket().select_related("agency").order_by("-closed_on", "-id")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "applications/docket.html", {"page": page})


def docket_entry(request, number: str):
    application = get_object_or_404(
        Application.objects.docket().select_related("agency"), tracking_number=number
    )
    if application.status != Status.REPLIED:
        raise Http404
    reply = application.events.filter(kind=EventKind.REPLIED).last()
    return render(
        request, "applications/docket_entry.html", {"application": application, "reply": reply}
    )
