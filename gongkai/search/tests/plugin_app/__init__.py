"""A stand-in app for the plug-in contract test (listed in GONGKAI_APPS by that test only)."""
