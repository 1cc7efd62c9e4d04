"""A small SMTP stand-in: EHLO, AUTH PLAIN, MAIL, RCPT, DATA; faults read from a file."""

from __future__ import annotations

import argparse
import base64
import json
import socketserver
import time
from pathlib import Path
from typing import Any


class SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpServer

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self) -> None:
        faults = self.server.faults()
        self.server.connections += 1
        if faults.get("banner_delay"):
            time.sleep(float(faults["banner_delay"]))
        if faults.get("busy_first") and self.server.connections <= int(faults["busy_first"]):
            self.reply("421 4.3.2 Service not available, closing transmission channel")
            return
        self.reply("220 relay.stub ESMTP")
        message_lines: list[str] = []
        in_data = False
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    self.server.store("\n".join(message_lines))
                    message_lines = []
                    self.reply("250 2.0.0 queued")
                else:
                    message_lines.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-relay.stub\r\n250-AUTH PLAIN LOGIN\r\n250 OK\r\n")
            elif verb == "AUTH":
                parts = line.split(" ")
                decoded = base64.b64decode(parts[2]).decode() if len(parts) > 2 else ""
                user, password = decoded.split("\0")[1:3] if decoded.count("\0") == 2 else ("", "")
                expected = faults.get("password", self.server.password)
                if user == self.server.user and password == expected:
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                in_data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class SmtpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, faults_path: Path | None, spool: Path, user: str,
                 password: str, name: str) -> None:
        super().__init__(("127.0.0.1", port), SmtpHandler)
        self.name = name
        self.faults_path = faults_path
        self.spool = spool
        self.user = user
        self.password = password
        self.connections = 0

    def faults(self) -> dict[str, Any]:
        if self.faults_path is None or not self.faults_path.exists():
            return {}
        faults = json.loads(self.faults_path.read_text())
        loaded: dict[str, Any] = faults.get(f"smtp:{self.name}", {})
        return loaded

    def store(self, message: str) -> None:
        self.spool.mkdir(parents=True, exist_ok=True)
        count = len(list(self.spool.iterdir()))
        (self.spool / f"{count:05d}.eml").write_text(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--faults", type=Path)
    parser.add_argument("--spool", type=Path, required=True)
    parser.add_argument("--user", default="housekeeping")
    parser.add_argument("--password", default="linen-cart-42")
    parser.add_argument("--name", default="relay", help="which smtp:<name> faults apply")
    args = parser.parse_args()
    server = SmtpServer(args.port, args.faults, args.spool, args.user, args.password, args.name)
    print("listening", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
