"""Search backends behind `base.SearchBackend`; pick one with settings.SEARCH_BACKEND."""
