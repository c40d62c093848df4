"""Notification backends for reminders (email, SMS), chosen by setting.

``GONGKAI_NOTIFICATION_BACKEND`` names a class (dotted path); the default `LogBackend` writes one
log line per reminder with the tracking number and the kind only: never a name, number or address.
A deployment plugs in its own SMS gateway by subclassing `SmsBackend` and implementing
`send_sms(phone, text)`; `EmailBackend` uses Django's mail settings.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.applications.notifications")


@dataclass
class Reminder:
    """One message. `to_staff` reminders go to the agency's staff; others to the applicant."""

    key: str  # idempotency key, unique per application (or correction request)
    tracking_number: str
    subject: str
    text: str
    to_staff: bool
    email: str = ""
    phone: str = ""
    about: str = "application"  # or "correction" (政府信息更正申请)


class Backend:
    channel = "base"

    def send(self, reminder: Reminder) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class LogBackend(Backend):
    """Writes a PII-free log line; the default until a mail or SMS gateway is configured."""

    channel = "log"

    def send(self, reminder: Reminder) -> bool:
        logger.info(
            "reminder %s for %s %s (%s)",
            reminder.key,
            reminder.about,
            reminder.tracking_number,
            "staff" if reminder.to_staff else "applicant",
        )
        return True


class EmailBackend(Backend):
    channel = "email"

    def send(self, reminder: Reminder) -> bool:
        from django.core.mail import send_mail

        if not reminder.email:
            return False
        send_mail(reminder.subject, reminder.text, None, [reminder.email], fail_silently=False)
        return True


class SmsBackend(Backend):
    """Base for an SMS gateway: implement `send_sms`."""

    channel = "sms"

    def send(self, reminder: Reminder) -> bool:
        if not reminder.phone:
            return False
        self.send_sms(reminder.phone, reminder.text)
        return True

    def send_sms(self, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def backend() -> Backend:
    path = getattr(settings, "GONGKAI_NOTIFICATION_BACKEND", "") or os.environ.get(
        "GONGKAI_NOTIFICATION_BACKEND", ""
    )
    if not path:
        return LogBackend()
    return import_string(path)()
