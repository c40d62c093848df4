"""Admin: guides (and their pending revisions) and points are edited through the audited back office; here they are
read-only, and so are the anonymous scan counters."""

from django.contrib import admin

from gongkai.core.admin_audit import ReadOnlyModelAdmin

from .models import Guide, GuideRevision, ScanDay, ServicePoint


@admin.register(Guide)
class GuideAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "agency", "item_type", "state", "updated_at"]
    list_filter = ["state", "item_type"]
    search_fields = ["name", "code"]


@admin.register(GuideRevision)
class GuideRevisionAdmin(ReadOnlyModelAdmin):
    list_display = ["guide", "submitted_by", "submitted_at"]


@admin.register(ServicePoint)
class ServicePointAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "kind", "subdistrict", "agency", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]


@admin.register(ScanDay)
class ScanDayAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "object_id", "day", "count"]
    list_filter = ["kind"]
