"""Counts visits that arrive from a notice's QR code (``?src=qr``) on the public page of a guide,
a service point or a government record, whichever app serves that page.

Only a successful GET of a public object counts. Neither the address, the user agent nor any
cookie is read or stored: the counter is (kind, object id, day) → number.
"""

from __future__ import annotations

from .qr import BY_VIEW, QR_PARAM, QR_VALUE, count_scan


class QrScanMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and request.GET.get(QR_PARAM) == QR_VALUE
        ):
            match = getattr(request, "resolver_match", None)
            target = BY_VIEW.get(match.view_name) if match else None
            if target is not None:
                obj = target.from_view(match.kwargs)
                if obj is not None:
                    count_scan(target.kind, obj.pk)
        return response
