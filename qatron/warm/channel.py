"""One connection between the command line, the warm worker and a run it forked.

Messages are JSON objects, one a line, over a Unix stream socket; the command line's
first message carries its standard input, output and error (``SCM_RIGHTS``), so the
run writes straight to the user's terminal or pipe:

    command line → worker   {"run": {...}}  + fds 0, 1, 2    (or {"ping": true})
    worker → command line   {"accepted": PID} | {"refused": REASON} | {"worker": {...}}
    command line → run      {"signal": N}     (Ctrl-C, SIGTERM: forwarded)
    run/worker → command    {"exit": CODE}    (the first one counts)
"""

from __future__ import annotations

import json
import socket
from collections.abc import Sequence
from typing import Any

#: Descriptors a message may carry: standard input, output and error.
MAX_FDS = 3
_CHUNK = 65536


class Channel:
    """A connected socket that sends and receives JSON lines."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = b""

    @classmethod
    def connect(cls, path: str, timeout: float) -> Channel:
        """Connect to the socket at ``path``; OSError when nothing listens there."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return cls(sock)

    def send(self, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
        """Send ``message`` (with ``fds``, passed to the receiving process)."""
        data = json.dumps(message).encode() + b"\n"
        if fds:
            data = data[socket.send_fds(self.sock, [data], list(fds)) :]
        if data:
            self.sock.sendall(data)

    def receive(self) -> tuple[dict[str, Any] | None, list[int]]:
        """The next message (None once the other end closed) and the descriptors that
        came with it."""
        fds: list[int] = []
        while b"\n" not in self._buffer:
            chunk, received, _flags, _address = socket.recv_fds(self.sock, _CHUNK, MAX_FDS)
            fds += received
            if not chunk:
                return None, fds
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        message = json.loads(line)
        return (message if isinstance(message, dict) else None), fds

    def close(self) -> None:
        self.sock.close()
