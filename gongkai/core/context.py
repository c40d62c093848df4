"""Per-request context (client address) for code that runs below the view layer.

Services receive their actor explicitly; the client address is plumbing that every audit
event needs, so the middleware puts it in a context variable instead of threading the
request through every call.
"""

from __future__ import annotations

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
