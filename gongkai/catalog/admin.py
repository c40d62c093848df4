"""Admin for the catalogue's reference data (platforms, standards); items are edited in the back
office, where every change is audited."""

from django.contrib import admin

from gongkai.core.admin_audit import AuditedModelAdmin

from .models import Platform, Standard, StandardGroup


@admin.register(Platform)
class PlatformAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "url", "order"]


@admin.register(StandardGroup)
class StandardGroupAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "parent", "order"]


@admin.register(Standard)
class StandardAdmin(AuditedModelAdmin):
    list_display = ["number", "title", "level", "group", "status", "version"]
    list_filter = ["level", "status", "group"]
    search_fields = ["number", "title"]
    filter_horizontal = ["domains"]
    raw_id_fields = ["items"]
