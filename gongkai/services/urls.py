"""Public URLs of 办事服务 (/services/...). `/services/` replaces the portal's placeholder."""

from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("services/", views.index, name="index"),
    path("services/guides/", views.guide_list, name="guides"),
    path("services/guides/<int:pk>/", views.guide_detail, name="guide"),
    path("services/map/", views.service_map, name="map"),
    path("services/points/<int:pk>/", views.point_detail, name="point"),
    path("services/points.geojson", views.points_geojson, name="geojson"),
    path("services/notice/<slug:kind>/<int:pk>/", views.notice, name="notice"),
]
