"""Back-office URLs of this app (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views
from .corrections import staff_views as corrections

app_name = "staff_applications"

urlpatterns = [
    path("applications/", views.queue, name="queue"),
    path("applications/new/", views.register, name="register"),
    path("applications/templates/", views.templates_list, name="templates"),
    path("applications/templates/<slug:key>/", views.template_edit, name="template_edit"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("applications/<int:pk>/letters/<int:letter_pk>/", views.letter_html, name="letter"),
    path(
        "applications/<int:pk>/letters/<int:letter_pk>/docx/",
        views.letter_docx,
        name="letter_docx",
    ),
    # 政府信息更正申请 (Art. 41), under /staff/corrections/
    path("corrections/", corrections.queue, name="correction_queue"),
    path("corrections/new/", corrections.register, name="correction_register"),
    path("corrections/<int:pk>/", corrections.detail, name="correction_detail"),
    path("corrections/<int:pk>/act/<slug:action>/", corrections.act, name="correction_act"),
    path(
        "corrections/<int:pk>/letters/<int:letter_pk>/",
        corrections.letter_html,
        name="correction_letter",
    ),
    path(
        "corrections/<int:pk>/letters/<int:letter_pk>/docx/",
        corrections.letter_docx,
        name="correction_letter_docx",
    ),
    path(
        "corrections/<int:pk>/evidence/<int:evidence_pk>/",
        corrections.evidence_download,
        name="correction_evidence",
    ),
]
