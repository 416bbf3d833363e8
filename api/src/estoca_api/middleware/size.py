"""Request size limits: 413 before reading when Content-Length is too big, or as soon as the stream is."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from estoca_api.i18n import _
from estoca_api.middleware.common import header, send_problem


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit.

    It is an ``HTTPException`` so FastAPI's body parsing re-raises it unchanged and the problem handler
    answers 413; the middleware also catches it in case it escapes the app.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413)


class RequestSizeLimitMiddleware:
    """Refuses bodies larger than ``max_bytes`` without buffering them."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            if declared.isdigit():
                await send_problem(send, scope, 413, _("The request body is larger than the limit."))
            else:
                await send_problem(send, scope, 400, _("The request could not be read."))
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await send_problem(send, scope, 413, _("The request body is larger than the limit."))
