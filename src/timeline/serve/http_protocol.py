"""uvicorn's HTTP/1.1 protocol (h11) with what it lacks: two guards, so that a client cannot
hold a connection slot by sending little or nothing, and TCP_NODELAY:

- a request line without an HTTP version (HTTP/0.9, or not HTTP at all) closes the connection
  at once: h11 would wait for headers such a request never sends;
- a request whose head and body have not arrived whole within `REQUEST_SECONDS` of the
  connection opening (or of the previous answer) closes the connection. uvicorn's keep-alive
  timeout stops counting once any byte arrives, so 1,500 connections that each sent half a
  request line would otherwise be held for ever;
- TCP_NODELAY on each connection: an answer's head and body are written apart, and without it
  every answer on a kept connection came 40 ms late.
"""

from __future__ import annotations

import asyncio
import re
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 10.0
_REQUEST_LINE = re.compile(rb"[!-~]+ [!-~]+ HTTP/\d\.\d\r?\n")
_LONGEST_LINE = 16 * 1024


class GuardedH11Protocol(H11Protocol):
    def __init__(self, *arguments: Any, **keywords: Any) -> None:
        super().__init__(*arguments, **keywords)
        self._first_line = b""
        self._line_checked = False
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # An answer is written as its head and then its body: with Nagle's algorithm the body
        # waits for the client to acknowledge the head, which a client delays by 40 ms.
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if not self._line_checked:
            self._first_line = (self._first_line + data).lstrip(b"\r\n")  # blank lines may precede a request
            end = self._first_line.find(b"\n")
            if end >= 0 or len(self._first_line) > _LONGEST_LINE:
                self._line_checked = True
                if end < 0 or not _REQUEST_LINE.fullmatch(self._first_line[: end + 1]):
                    self.transport.close()
                    return
                self._first_line = b""
        super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._first_line, self._line_checked = b"", False
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._request_overdue)

    def _request_overdue(self) -> None:
        """Close the connection if the client is still sending its request (an answer being
        worked on is not overdue: the query timeout bounds it)."""
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()
