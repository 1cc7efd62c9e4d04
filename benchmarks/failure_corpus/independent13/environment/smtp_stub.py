"""A small SMTP relay standing in for the mail provider (EHLO, AUTH PLAIN, MAIL, RCPT, DATA).

Its behaviour comes from a JSON rules file: accepted credentials, a greeting delay, a
temporary failure for one recipient domain.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socketserver
import time
from typing import Any


def rules(path: str) -> dict[str, Any]:
    """Current rules, empty when the file is missing."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


class Session(socketserver.StreamRequestHandler):
    """One SMTP conversation."""

    rules_path = ""
    spool = ""

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        conf = rules(self.rules_path)
        time.sleep(conf.get("greeting_delay", 0))
        self.reply("220 relay.partner.test ESMTP ready")
        users = conf.get("users", {"notifier": "s3cret-mail"})
        sender, rcpts, authed = "", [], False
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-relay.partner.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif verb == "AUTH":
                parts = line.split()
                blob = parts[2] if len(parts) > 2 else ""
                try:
                    _, user, password = base64.b64decode(blob).decode().split("\0")
                except ValueError:
                    user, password = "", ""
                if users.get(user) == password:
                    authed = True
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Username and Password not accepted")
            elif verb == "MAIL":
                if not authed:
                    self.reply("530 5.7.0 Authentication required")
                    continue
                sender, rcpts = line[10:].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt = line[8:].strip("<>")
                slow = conf.get("delay_domain")
                if slow and rcpt.endswith("@" + slow):
                    time.sleep(conf.get("delay", 3))
                bad = conf.get("reject_domain")
                if bad and rcpt.endswith("@" + bad):
                    self.reply("550 5.1.1 Mailbox unavailable")
                    continue
                rcpts.append(rcpt)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b".\n", b""):
                        break
                    body.append(data.decode("utf-8", "replace"))
                with open(os.path.join(self.spool, f"{time.time_ns()}.eml"), "w", encoding="utf-8") as fh:
                    fh.write(f"X-From: {sender}\nX-To: {','.join(rcpts)}\n" + "".join(body))
                self.reply("250 OK queued")
            elif verb == "RSET":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


def main() -> None:
    """Serve until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--spool", required=True)
    args = parser.parse_args()
    Session.rules_path = args.rules
    Session.spool = args.spool
    os.makedirs(args.spool, exist_ok=True)
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", args.port), Session)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
