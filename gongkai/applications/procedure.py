"""The statutory clock: status and deadlines derived from an application's events.

`derive(events)` is a pure function of the events (kind, date, data) and the working-day calendar
(`gongkai.workdays.calendar`). Nothing here reads or writes the database, so the same code
recomputes stored deadlines after the calendar changes, and tests can state the expected dates.

Rules (条例 Art. 30–35, 国办函〔2020〕109号; counting per legal-rules §8.4):

* The reply period is 20 working days after the receipt date (Art. 31/33). Online, fax and
  ordinary-post applications are received on the day both sides confirm, never on submission.
* A correction notice (补正) restarts the period from the day the corrected application arrives.
* Third-party (Art. 32) and other-agency (Art. 34) consultation pauses the clock: the working days
  from the day after the letter is sent up to and including the day the answer arrives (at most
  up to the other party's 15-working-day limit) are not counted.
* Waiting for a fee pauses the clock the same way, from the day after the notice until payment,
  when the notice was issued with `pauses_clock` (configurable, default on).
* An extension (Art. 33 ¶2) adds at most 20 working days; an Art. 35 delay sets a date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.core.legal import ResultRow
from gongkai.workdays import calendar

from .models import EventKind, Status

REPLY_PERIOD = 20
CORRECTION_NOTICE_PERIOD = 7
CONSULTATION_PERIOD = 15
MAX_EXTENSION = 20
FEE_PAYMENT_PERIOD = 20

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class EventView:
    """The parts of an event the clock needs (an `ApplicationEvent` fits this shape)."""

    kind: str
    on: datetime.date
    data: dict = field(default_factory=dict)
    id: int | None = None


@dataclass
class State:
    status: str = Status.SUBMITTED
    received_on: datetime.date | None = None
    clock_start: datetime.date | None = None
    due_on: datetime.date | None = None
    #: The other party's current deadline: correction, consultation answer, or fee payment.
    party_due_on: datetime.date | None = None
    paused: bool = False
    extended: bool = False
    extension_days: int = 0
    correction_used: bool = False
    correction_received: bool = False
    closed_on: datetime.date | None = None
    result_row: str = ""
    reply_type: str = ""
    alarm: str = ""
    pauses: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    open_consultations: dict = field(default_factory=dict)
    consultation_parties: dict = field(default_factory=dict)
    #: Art. 32: a third party objected; disclosing anyway needs a public-interest reason.
    third_party_objected: bool = False
    fee_pending: dict | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


def as_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _close(state: State, on: datetime.date, status: str, row: str) -> None:
    state.closed_on = on
    state.status = status
    state.result_row = row


def derive(events: Iterable) -> State:
    """Replay `events` (in date order, then recording order) into the current state."""
    state = State()
    ordered = sorted(events, key=lambda e: (e.on, e.id or 0))
    for event in ordered:
        if state.closed_on is not None:
            break  # nothing after an outcome changes the clock (letters, notes)
        kind, on, data = event.kind, event.on, event.data or {}
        if kind == EventKind.RECEIVED:
            state.received_on = on
            state.clock_start = on
        elif kind == EventKind.CORRECTION_REQUESTED:
            state.correction_used = True
            state.party_due_on = as_date(data.get("reply_by"))
        elif kind == EventKind.CORRECTION_RECEIVED:
            # Art. 30: the period restarts; earlier pauses and extensions belong to the old period.
            state.correction_received = True
            state.party_due_on = None
            state.clock_start = on
            state.pauses = []
            state.extension_days = 0
        elif kind == EventKind.CORRECTION_LAPSED:
            _close(state, on, Status.CLOSED, ResultRow.OTHER_NO_CORRECTION)
        elif kind == EventKind.CONSULTATION_STARTED:
            state.open_consultations[event.id] = (on, as_date(data.get("reply_by")))
            state.consultation_parties[event.id] = data.get("party", "")
        elif kind == EventKind.CONSULTATION_ANSWERED:
            if (
                data.get("outcome") == "objects"
                and state.consultation_parties.get(data.get("consultation")) == "third_party"
            ):
                state.third_party_objected = True
            started = state.open_consultations.pop(data.get("consultation"), None)
            if started is not None:
                sent, reply_by = started
                end = min(on, reply_by) if reply_by else on
                state.pauses.append((sent + ONE_DAY, end))
        elif kind == EventKind.EXTENDED:
            state.extension_days += int(data.get("days", 0))
            state.extended = True
        elif kind == EventKind.DELAY_SET:
            pass  # read below: an Art. 35 delay replaces the computed deadline
        elif kind == EventKind.FEE_NOTICE:
            state.fee_pending = {
                "issued_on": on,
                "pay_by": as_date(data.get("pay_by")),
                "pauses_clock": bool(data.get("pauses_clock", True)),
            }
        elif kind == EventKind.FEE_PAID:
            fee = state.fee_pending
            if fee is not None and fee["pauses_clock"]:
                state.pauses.append((fee["issued_on"] + ONE_DAY, on))
            state.fee_pending = None
        elif kind == EventKind.FEE_LAPSED:
            _close(state, on, Status.CLOSED, ResultRow.OTHER_FEE_UNPAID)
        elif kind == EventKind.WITHDRAWN:
            _close(state, on, Status.WITHDRAWN, ResultRow.OTHER_OTHER)
        elif kind == EventKind.REPLIED:
            _close(state, on, Status.REPLIED, data.get("result_row", ""))
            state.reply_type = data.get("reply_type", "")

    delay = None
    for event in ordered:
        if event.kind == EventKind.DELAY_SET and (
            state.closed_on is None or event.on <= state.closed_on
        ):
            delay = as_date((event.data or {}).get("due_on"))

    # Pauses still running are projected to the other party's limit, the latest they can last.
    projected = list(state.pauses)
    party_dates = []
    for sent, reply_by in state.open_consultations.values():
        if reply_by:
            projected.append((sent + ONE_DAY, reply_by))
            party_dates.append(reply_by)
    fee = state.fee_pending
    if fee is not None:
        if fee["pay_by"]:
            party_dates.append(fee["pay_by"])
            if fee["pauses_clock"]:
                projected.append((fee["issued_on"] + ONE_DAY, fee["pay_by"]))
    state.paused = state.is_open and (
        bool(state.open_consultations) or bool(fee and fee["pauses_clock"])
    )

    if state.is_open:
        if state.received_on is None:
            state.status = Status.SUBMITTED
        elif state.party_due_on is not None:  # awaiting correction
            state.status = Status.CORRECTION
        elif state.open_consultations:
            state.status = Status.CONSULTING
            state.party_due_on = max(party_dates) if party_dates else None
        elif fee is not None:
            state.status = Status.FEE
            state.party_due_on = fee["pay_by"]
        else:
            state.status = Status.PROCESSING

    awaiting_correction = state.is_open and state.status == Status.CORRECTION
    if state.clock_start is not None and not awaiting_correction:
        if delay is not None:
            state.due_on = delay
        else:
            try:
                state.due_on = calendar.deadline(
                    state.clock_start, REPLY_PERIOD + state.extension_days, projected
                )
            except calendar.UnknownYearError as exc:
                state.due_on = None
                if state.is_open:
                    state.alarm = (
                        f"答复期限落在{exc.year}年，但该年节假日安排尚未载入，无法计算期限。"
                        f"请区政务公开办在“工作日历”中载入{exc.year}年安排。"
                    )
    return state


def correction_notice_deadline(received_on: datetime.date) -> datetime.date:
    """Art. 30: the 补正 notice must go out within 7 working days of receipt."""
    return calendar.add_workdays(received_on, CORRECTION_NOTICE_PERIOD)


def consultation_reply_by(delivered_on: datetime.date) -> datetime.date:
    """Art. 32/34: the third party or other agency answers within 15 working days."""
    return calendar.add_workdays(delivered_on, CONSULTATION_PERIOD)


def fee_pay_by(notice_received_on: datetime.date) -> datetime.date:
    """109号: 20 working days counted from the day after the applicant receives the notice."""
    return calendar.add_workdays(notice_received_on, FEE_PAYMENT_PERIOD)
