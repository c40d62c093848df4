"""Admin: the 主题分类 taxonomy is data that the district office may extend (e.g. a local
组配分类); records themselves are managed in the back office, where every step is audited."""

from django.contrib import admin

from gongkai.core.admin_audit import AuditedModelAdmin

from .models import IndexCounter, Topic


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "parent", "order"]
    list_filter = ["parent"]
    search_fields = ["code", "name"]


@admin.register(IndexCounter)
class IndexCounterAdmin(admin.ModelAdmin):
    """Read-only view of the 索引号 counters (changing one would break gaplessness)."""

    list_display = ["agency", "year", "last"]
    list_filter = ["year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
