"""Back-office URLs of the working-day calendar, under /staff/workdays/."""

from django.urls import path

from . import views

app_name = "staff_workdays"

urlpatterns = [
    path("workdays/", views.year_list, name="list"),
    path("workdays/import/", views.import_notice, name="import"),
    path("workdays/<int:year>/", views.year_detail, name="year"),
    path("workdays/<int:year>/delete/", views.delete_arrangement, name="delete"),
]
