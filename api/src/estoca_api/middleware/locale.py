"""Sets the request's language from ``Accept-Language`` for everything the request writes."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from estoca_api.i18n import negotiate, reset_locale, set_locale
from estoca_api.middleware.common import header


class LocaleMiddleware:
    """Outermost middleware: later middlewares' problems (413, 429) are translated too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        locale = negotiate(header(scope, b"accept-language"))
        token = set_locale(locale)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", locale.replace("_", "-").encode()))
                headers.append((b"vary", b"Accept-Language"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_language)
        finally:
            reset_locale(token)
