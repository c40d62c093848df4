"""Admin: licences and penalties are read-only here (publication, expiry, repair and withdrawal
go through the audited back office); the masking/period policy and coercions are audited."""

from django.contrib import admin

from gongkai.core.admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import Coercion, Licence, Penalty, Policy


@admin.register(Licence)
class LicenceAdmin(ReadOnlyModelAdmin):
    list_display = ["document_number", "subject_name", "agency", "decided_on", "state"]
    list_filter = ["state", "subject_category"]
    search_fields = ["document_number", "licence_number", "subject_name", "code_uscc"]
    raw_id_fields = ["agency", "source_agency", "import_batch"]


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyModelAdmin):
    list_display = [
        "decision_number",
        "subject_name",
        "agency",
        "decided_on",
        "publicity_end",
        "state",
    ]
    list_filter = ["state", "subject_category"]
    search_fields = ["decision_number", "subject_name", "code_uscc"]
    raw_id_fields = ["agency", "source_agency", "import_batch"]


admin.site.register(Coercion, AuditedModelAdmin)
admin.site.register(Policy, AuditedModelAdmin)
