from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.core.admin_audit import AuditedModelAdmin

from .models import Agency, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Gongkai", {"fields": ("display_name", "phone")}))
    list_display = ["username", "display_name", "is_active", "is_superuser", "last_login"]
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "level", "parent", "uscc", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "short_name", "code", "uscc"]
    autocomplete_fields = ["parent"]
