"""The ASGI layers every request of `timeline serve` passes through before its route: a
bound on the request body, one line (not a traceback) for a fault of this program, and the
access log."""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from timeline.serve.engine_requests import printable

__all__ = ["AccessLog", "OneLineErrors", "RequestSizeLimit"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestSizeLimit:
    """A body larger than the limit gets 413, whether its Content-Length says so or it only
    turns out so while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(send)
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = f"A request body may be at most {self.max_bytes} bytes.\n".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class OneLineErrors:
    """A fault of this program is one line on standard error and a 500 problem document, not
    a traceback in the log of someone who only ran a server."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watching(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching)
        except Exception as error:  # noqa: BLE001 - the last line of defence of a server
            sys.stderr.write(f"Error while answering {scope['method']} {printable(scope['path'])}: {type(error).__name__}: {printable(str(error))}\n")
            if not started:
                body = b'{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"timeline failed to answer; its log says why."}'
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})


class AccessLog:
    """One line per request on standard error, in the Common Log Format that log tools read:
    `host ident user [time] "request line" status bytes`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status, size = 0, 0

        async def counting(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            client = scope.get("client") or ("-", 0)
            target = scope.get("raw_path", b"").decode("latin-1") or scope["path"]
            if scope.get("query_string"):
                target += "?" + scope["query_string"].decode("latin-1")
            when = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
            line = f'{client[0]} - - [{when}] "{scope["method"]} {printable(target)} HTTP/{scope.get("http_version", "1.1")}" {status or 500} {size or "-"}\n'
            sys.stderr.write(line)
