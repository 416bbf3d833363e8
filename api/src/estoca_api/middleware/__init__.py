"""Pure ASGI middlewares: locale, security headers, request size limits and rate limits.

They are plain ASGI (not ``BaseHTTPMiddleware``) so that they add no task or body buffering per request and
work the same when ``estoca-mock up`` mounts the API next to the mocks.
"""

from estoca_api.middleware.headers import SecurityHeadersMiddleware
from estoca_api.middleware.locale import LocaleMiddleware
from estoca_api.middleware.ratelimit import RateLimitMiddleware
from estoca_api.middleware.size import BodyTooLarge, RequestSizeLimitMiddleware

__all__ = [
    "BodyTooLarge",
    "LocaleMiddleware",
    "RateLimitMiddleware",
    "RequestSizeLimitMiddleware",
    "SecurityHeadersMiddleware",
]
