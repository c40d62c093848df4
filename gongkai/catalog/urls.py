"""Public URLs of the disclosure catalogue (法定主动公开内容), under /open/catalog/."""

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("open/catalog/", views.index, name="index"),
    path("open/catalog/search/", views.search, name="search"),
    path("open/catalog/domains/<slug:code>/", views.domain_detail, name="domain"),
    path("open/catalog/agencies/", views.agency_list, name="agencies"),
    path("open/catalog/agencies/<slug:code>/", views.agency_detail, name="agency"),
    path("open/catalog/items/<str:code>/", views.item_detail, name="item"),
    path("open/catalog/standards/", views.standards, name="standards"),
    path("open/catalog/standards/<int:pk>/", views.standard_detail, name="standard"),
    path("open/catalog/editions/", views.editions, name="editions"),
    path("open/catalog/editions/<str:number>/", views.edition_detail, name="edition"),
]
