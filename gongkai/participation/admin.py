"""Admin: read-only views of decisions, interviews and open days. Every write goes through the
audited back office; comments, questions and registrations (personal data) are not listed here."""

from django.contrib import admin

from gongkai.core.admin_audit import ReadOnlyModelAdmin

from .models import Decision, Interview, OpenDay


@admin.register(Decision)
class DecisionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "agency", "stage", "pending_step", "updated_at"]
    list_filter = ["stage"]
    search_fields = ["title"]
    raw_id_fields = ["agency", "decision_record"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "agency", "starts_at", "status"]
    list_filter = ["status"]


@admin.register(OpenDay)
class OpenDayAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "agency", "starts_at", "capacity", "booked", "status"]
    list_filter = ["status"]
