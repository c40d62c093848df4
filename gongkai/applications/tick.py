"""`gongkai tick` for applications (idempotent; cron once a day or more often):

* closes applications whose correction deadline passed without a correction (三(六)1) and those
  whose fee went unpaid within the 20 working days (三(六)2);
* sends reminders through the notification backend: to staff 3 working days before a reply is
  due and once it is overdue, and about deadline alarms; each reminder is sent once
  (`Notification`). The same three reminders go out for open correction requests
  (政府信息更正申请, `CorrectionNotification`).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.workdays import calendar

from . import notifications, services
from .models import Application, CorrectionNotification, CorrectionRequest, Notification, Status


def _send_once(model, owner, backend, reminder: notifications.Reminder) -> bool:
    """Send `reminder` unless `model` (a NotificationBase) already records it for `owner`."""
    try:
        with transaction.atomic():
            model.objects.create(
                **{model.owner_field: owner}, key=reminder.key, channel=backend.channel
            )
            backend.send(reminder)
    except IntegrityError:
        return False  # already sent
    return True


def _send(backend, application: Application, reminder: notifications.Reminder) -> bool:
    return _send_once(Notification, application, backend, reminder)


def _send_correction(backend, request: CorrectionRequest, reminder) -> bool:
    return _send_once(CorrectionNotification, request, backend, reminder)


def _correction_reminders(backend, today, soon) -> int:
    """Due within 3 working days, overdue, deadline alarm: to the agency's staff, once each."""
    sent = 0
    open_qs = CorrectionRequest.objects.open().select_related("agency")

    def reminder(request, key, subject, text):
        return notifications.Reminder(
            key=key,
            tracking_number=request.tracking_number,
            subject=subject,
            text=text,
            to_staff=True,
            email=request.agency.email,
            about="correction",
        )

    for request in open_qs.filter(due_on__gte=today, due_on__lte=soon):
        sent += _send_correction(
            backend,
            request,
            reminder(
                request,
                f"due_soon:{request.due_on}",
                "政府信息更正申请答复期限临近",
                f"更正申请 {request.tracking_number} 的答复期限为 {request.due_on:%Y年%m月%d日}。",
            ),
        )
    for request in open_qs.filter(due_on__lt=today):
        sent += _send_correction(
            backend,
            request,
            reminder(
                request,
                f"overdue:{request.due_on}",
                "政府信息更正申请答复已超期",
                f"更正申请 {request.tracking_number} 的答复期限 {request.due_on:%Y年%m月%d日} 已届满。",
            ),
        )
    for request in open_qs.filter(deadline_unknown_year__isnull=False):
        alarm = request.deadline_alarm
        sent += _send_correction(
            backend,
            request,
            reminder(request, f"alarm:{alarm[:60]}", "政府信息更正申请期限告警", alarm),
        )
    return sent


def run(*, now, stdout) -> dict:
    today = timezone.localtime(now).date()
    closed_correction = closed_fee = sent = 0
    for application in Application.objects.filter(status=Status.CORRECTION, party_due_on__lt=today):
        services.lapse_correction(application, on=today)
        closed_correction += 1
    for application in Application.objects.filter(status=Status.FEE, party_due_on__lt=today):
        services.lapse_fee(application, on=today)
        closed_fee += 1

    backend = notifications.backend()
    try:
        soon = calendar.add_workdays(today, 3)
    except calendar.UnknownYearError:
        soon = today + datetime.timedelta(days=3)
    open_qs = Application.objects.open().select_related("agency")
    for application in open_qs.filter(due_on__gte=today, due_on__lte=soon, paused=False):
        sent += _send(
            backend,
            application,
            notifications.Reminder(
                key=f"due_soon:{application.due_on}",
                tracking_number=application.tracking_number,
                subject="依申请公开答复期限临近",
                text=f"申请 {application.tracking_number} 的答复期限为 {application.due_on:%Y年%m月%d日}。",
                to_staff=True,
                email=application.agency.email,
            ),
        )
    for application in open_qs.filter(due_on__lt=today):
        sent += _send(
            backend,
            application,
            notifications.Reminder(
                key=f"overdue:{application.due_on}",
                tracking_number=application.tracking_number,
                subject="依申请公开答复已超期",
                text=f"申请 {application.tracking_number} 的答复期限 {application.due_on:%Y年%m月%d日} 已届满。",
                to_staff=True,
                email=application.agency.email,
            ),
        )
    for application in open_qs.exclude(deadline_alarm=""):
        sent += _send(
            backend,
            application,
            notifications.Reminder(
                key=f"alarm:{application.deadline_alarm[:60]}",
                tracking_number=application.tracking_number,
                subject="依申请公开期限告警",
                text=application.deadline_alarm,
                to_staff=True,
                email=application.agency.email,
            ),
        )
    sent += _correction_reminders(backend, today, soon)
    stdout.write(
        f"逾期不补正终止 {closed_correction} 件，逾期未缴费终止 {closed_fee} 件，发出提醒 {sent} 条。"
    )
    return {"closed_correction": closed_correction, "closed_fee": closed_fee, "sent": sent}
