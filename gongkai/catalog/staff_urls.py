"""Back-office URLs of the catalogue, under /staff/catalog/."""

from django.urls import path

from . import staff_views as v

app_name = "staff_catalog"

urlpatterns = [
    path("catalog/", v.item_list, name="items"),
    path("catalog/items/new/", v.item_edit, name="item_new"),
    path("catalog/items/<int:pk>/", v.item_detail, name="item"),
    path("catalog/items/<int:pk>/edit/", v.item_edit, name="item_edit"),
    path("catalog/items/<int:pk>/withdraw/", v.item_withdraw, name="item_withdraw"),
    path("catalog/proposals/", v.proposal_list, name="proposals"),
    path("catalog/proposals/<int:pk>/decide/", v.proposal_decide, name="proposal_decide"),
    path("catalog/domains/", v.domain_list, name="domains"),
    path("catalog/domains/<int:pk>/edit/", v.domain_edit, name="domain_edit"),
    path("catalog/import/", v.import_upload, name="import"),
    path("catalog/import/<slug:token>/confirm/", v.import_confirm, name="import_confirm"),
    path("catalog/export/", v.export, name="export"),
    path("catalog/editions/", v.edition_list, name="editions"),
]
