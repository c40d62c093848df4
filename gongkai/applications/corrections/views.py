"""Public pages of 政府信息更正申请: the form, the receipt (tracking number and query code,
shown once) and the status page. The status page shows steps, dates and agencies only, never the
applicant's data or the content of the request."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .. import antispam
from ..services import ProcedureError
from ..views import _client
from . import services
from .forms import CorrectionTrackForm, PublicCorrectionForm
from .models import PUBLIC_CORRECTION_STEPS, CorrectionRequest


@never_cache
def apply(request):
    if request.method == "POST":
        form = PublicCorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            if not antispam.allow_submission(_client(request), form.cleaned_data["phone"]):
                form.add_error(None, "提交过于频繁，请稍后再试；如有困难请致电受理机关。")
            else:
                try:
                    correction, code = services.submit_correction(
                        agency=form.cleaned_data["agency"],
                        applicant=form.applicant(),
                        info=form.info(),
                        files=form.evidence_files(),
                    )
                except ProcedureError as exc:
                    form.add_error(None, exc.messages[0])
                else:
                    # Shown once on the next page, never put in a URL.
                    request.session["gk_correction_done"] = {
                        "number": correction.tracking_number,
                        "code": code,
                        "agency": correction.agency.name,
                        "files": correction.evidence.count(),
                    }
                    return redirect("applications:correction_done")
        if request.FILES:
            form.add_error(None, "出于安全考虑，已选择的证据材料文件需要重新选择。")
    else:
        form = PublicCorrectionForm()
    question, token = antispam.new_challenge()
    if form.is_bound:
        data = form.data.copy()
        data["challenge_token"] = token
        data["challenge"] = ""
        form.data = data
    else:
        form.initial["challenge_token"] = token
    return render(
        request,
        "applications/corrections/apply.html",
        {"form": form, "question": question, "period": services.reply_period()},
    )


@never_cache
def done(request):
    info = request.session.pop("gk_correction_done", None)
    if not info:
        return redirect("applications:correction_apply")
    return render(request, "applications/corrections/done.html", info)


def _status_rows(correction: CorrectionRequest) -> list[dict]:
    """One entry per agency along the transfer chain: status, dates, public steps."""
    rows = []
    for node in correction.root().chain():
        rows.append(
            {
                "request": node,
                "steps": [e for e in node.events.all() if e.kind in PUBLIC_CORRECTION_STEPS],
                "letter": node.letters.order_by("-issued_on", "-id").first(),
            }
        )
    return rows


@never_cache
def track(request):
    form = CorrectionTrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not antispam.allow_lookup(_client(request)):
            form.add_error(None, "查询过于频繁，请一小时后再试。")
        else:
            number = form.cleaned_data["tracking_number"].strip().upper()
            correction = (
                CorrectionRequest.objects.select_related("agency")
                .filter(tracking_number=number)
                .first()
            )
            if correction is not None and services.check_query_code(
                correction, form.cleaned_data["query_code"]
            ):
                return render(
                    request,
                    "applications/corrections/status.html",
                    {"rows": _status_rows(correction)},
                )
            form.add_error(None, "申请编号或查询码不正确。")
    return render(request, "applications/corrections/track.html", {"form": form})
