"""Audit for writes made through the Django admin (system administrators only)."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from .audit import diff, record_event, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes each leave one audit event."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
            super().save_model(request, obj, form, change)
            old, new = diff(before, snapshot(obj))
            record_event(
                actor=request.user,
                action=f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
                target=obj,
                before=old or None,
                after=_redact(new),
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                record_event(
                    actor=request.user,
                    action=f"admin.{obj._meta.model_name}.delete",
                    target=obj,
                    before=_redact(snapshot(obj)),
                )
                obj.delete()
            for obj in instances:
                is_new = obj.pk is None
                before = {} if is_new else snapshot(type(obj).objects.get(pk=obj.pk))
                obj.save()
                old, new = diff(before, snapshot(obj))
                record_event(
                    actor=request.user,
                    action=f"admin.{obj._meta.model_name}.{'add' if is_new else 'change'}",
                    target=obj,
                    before=old or None,
                    after=_redact(new),
                )
            formset.save_m2m()

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_event(
                actor=request.user,
                action=f"admin.{obj._meta.model_name}.delete",
                target=obj,
                before=_redact(snapshot(obj)),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record_event(
                    actor=request.user,
                    action=f"admin.{obj._meta.model_name}.delete",
                    target=obj,
                    before=_redact(snapshot(obj)),
                )
            super().delete_queryset(request, queryset)


def _redact(values: dict) -> dict:
    return {k: ("***" if k == "password" else v) for k, v in values.items()}


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """For objects whose every change must go through an audited back-office workflow."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
