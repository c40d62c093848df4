"""Public URLs: the policy listing, the record page, attachments and each agency's column."""

from django.urls import path, register_converter

from . import views

app_name = "records"


class AgencyCodeConverter:
    """An agency code in /open/<code>/, leaving the portal's and other apps' /open/ pages alone."""

    regex = r"[-a-zA-Z0-9_]+"
    RESERVED = {"agencies", "rules", "catalog", "reports", "guide", "feeds", "search", "apply"}

    def to_python(self, value):
        if value in self.RESERVED:
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(AgencyCodeConverter, "agency")

urlpatterns = [
    path("policies/", views.policy_list, name="policies"),
    path("records/", views.record_list, name="list"),
    path("records/files/<int:pk>/", views.attachment_download, name="attachment"),
    path("records/<path:ref>/", views.record_detail, name="detail"),
    path("open/<agency:code>/", views.agency_column, name="column"),
    path("open/<agency:code>/<slug:column>/", views.agency_column_list, name="column_list"),
]
