"""uvicorn's httptools protocol, plus the asyncio transport in the ASGI scope.

ASGI has no way to reset a connection or to close it without a response; the chaos faults `reset`,
`empty`, `timeout` and `truncate` need exactly that, so the transport travels in
``scope["extensions"]["estoca.transport"]``. Everything else is uvicorn's own code.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from estoca_mockserver.asgi import TRANSPORT_EXT


class TransportHttpToolsProtocol(HttpToolsProtocol):
    """Pass this class as ``uvicorn.Config(http=...)``."""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT_EXT: self.transport}  # type: ignore[dict-item]
