"""Middleware shared by every surface."""

from __future__ import annotations

import ipaddress

from django.conf import settings

from . import context


def _client_address(request) -> str | None:
    address = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class RequestContextMiddleware:
    """Expose the client address to the audit log for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_address = _client_address(request)
        token = context.client_address.set(request.client_address)
        try:
            return self.get_response(request)
        finally:
            context.client_address.reset(token)
