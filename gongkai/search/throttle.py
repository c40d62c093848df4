"""Per-client rate limit and CORS for the public machine-readable endpoints.

`SEARCH_API_RATE` (setting or environment variable, "requests/seconds", default "120/60")
limits each client (its address, or the address `REVERSE_PROXY_COUNT` proxies in front saw)
with a fixed window in the cache. Over the limit the answer is HTTP 429 with a JSON message and
a `Retry-After` header.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from .engine import setting


def rate() -> tuple[int, int]:
    raw = setting("SEARCH_API_RATE", "120/60")
    try:
        count, seconds = (int(x) for x in raw.split("/"))
    except ValueError:
        count, seconds = 120, 60
    return max(1, count), max(1, seconds)


def client_id(request) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if forwarded and proxies:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def throttled(request):
    """None if the client may go on, else the 429 response to return."""
    limit, window = rate()
    now = int(time.time())
    bucket = now // window
    key = f"search-rate:{client_id(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 1)
        used = 1
    if used <= limit:
        return None
    retry = (bucket + 1) * window - now
    response = JsonResponse(
        {
            "detail": f"请求过于频繁：每 {window} 秒最多 {limit} 次，请 {retry} 秒后再试。",
            "detail_en": f"Too many requests: at most {limit} per {window} s; retry in {retry} s.",
            "retry_after": retry,
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(retry)
    allow_cors(response)
    return response


def allow_cors(response):
    """Anyone may read public data from a browser: allow cross-origin GET."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    return response
