"""SMTP server standing in for the mail relay: EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT.

Accepted messages are appended to ``--spool`` as JSON lines.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
from pathlib import Path


class Relay:
    """One relay with a single account."""

    def __init__(self, user: str, password: str, spool: Path) -> None:
        self.user = user
        self.password = password
        self.spool = spool

    def check(self, user: str, password: str) -> bool:
        return user == self.user and password == self.password

    async def session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def say(line: str) -> None:
            writer.write((line + "\r\n").encode())
            await writer.drain()

        async def ask() -> str:
            return (await reader.readline()).decode().rstrip("\r\n")

        await say("220 relay ESMTP ready")
        authed = False
        sender = ""
        rcpts: list[str] = []
        while True:
            line = await ask()
            if not line and reader.at_eof():
                break
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                writer.write(b"250-relay\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
                await writer.drain()
            elif verb == "AUTH":
                parts = line.split()
                if parts[1].upper() == "PLAIN":
                    raw = parts[2] if len(parts) > 2 else ""
                    if not raw:
                        await say("334 ")
                        raw = await ask()
                    _, user, password = base64.b64decode(raw).decode().split("\0")
                else:
                    await say("334 VXNlcm5hbWU6")
                    user = base64.b64decode(await ask()).decode()
                    await say("334 UGFzc3dvcmQ6")
                    password = base64.b64decode(await ask()).decode()
                authed = self.check(user, password)
                if authed:
                    await say("235 2.7.0 Authentication successful")
                else:
                    await say("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                if not authed:
                    await say("530 5.7.0 Authentication required")
                    continue
                sender = line.split(":", 1)[1].strip()
                rcpts = []
                await say("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].strip())
                await say("250 OK")
            elif verb == "DATA":
                await say("354 End data with <CR><LF>.<CR><LF>")
                body: list[str] = []
                while (chunk := await ask()) != ".":
                    body.append(chunk)
                with self.spool.open("a") as spool:
                    record = {"from": sender, "to": rcpts, "data": "\n".join(body)}
                    spool.write(json.dumps(record) + "\n")
                await say("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                await say("250 OK")
            elif verb == "QUIT":
                await say("221 Bye")
                break
            else:
                await say("502 Command not implemented")
        writer.close()


async def serve(port: int, relay: Relay) -> None:
    server = await asyncio.start_server(relay.session, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--spool", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.port, Relay(args.user, args.password, args.spool)))


if __name__ == "__main__":
    main()
