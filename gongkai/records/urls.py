"""Public URLs of this app (mounted at the site root; choose paths under your own prefix)."""

app_name = "records"

urlpatterns: list = []
