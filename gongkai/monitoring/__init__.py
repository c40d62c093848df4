"""Website monitoring (网站监测)."""
