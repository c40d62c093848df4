"""Back-office URLs of this app (mounted under /staff/; choose paths under your own prefix)."""

app_name = "staff_catalog"

urlpatterns: list = []
