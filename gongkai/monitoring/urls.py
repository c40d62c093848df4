"""Monitoring has no public pages: its findings are for staff (hits of the 错敏词 scan in
particular must not be published). The module exists because every domain app is mounted
at the site root by `gongkai/urls.py`."""

app_name = "monitoring"

urlpatterns: list = []
