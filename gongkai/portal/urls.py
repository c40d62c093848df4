"""Public portal shell: home page, section landings, elderly mode."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("open/", views.open_government, name="open"),
    path("open/rules/", views.disclosure_rules, name="rules"),
    path("open/agencies/", views.agency_list, name="agencies"),
    path("open/agencies/<slug:code>/", views.agency_guide, name="agency_guide"),
    path("policies/", views.section, {"section": "policies"}, name="policies"),
    path("apply/", views.section, {"section": "apply"}, name="apply"),
    path("interact/", views.section, {"section": "interact"}, name="interact"),
    path("services/", views.section, {"section": "services"}, name="services"),
    path("preferences/elderly/", views.toggle_elderly, name="toggle_elderly"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
