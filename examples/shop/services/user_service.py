"""The shop's user service: sign-up, profiles and token sessions.

Run from ``examples/shop``::

    python -m services.user_service --port 8001 --db /tmp/users.db
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from typing import Any

from services import domain
from services.common import (
    Database,
    HTTPError,
    Request,
    Response,
    Router,
    argument_parser,
    now_iso,
    serve,
    validated,
)

TOKEN_TTL_SECONDS = 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_digest TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at REAL NOT NULL
);
"""

PUBLIC_FIELDS = "id, email, username, full_name, created_at, updated_at"


def _conflict(exc: sqlite3.IntegrityError) -> HTTPError:
    field = "email" if "users.email" in str(exc) else "username"
    message = "Email already registered" if field == "email" else "Username already taken"
    return HTTPError(409, message, field=field)


class UserService:
    """The HTTP handlers, over one database."""

    def __init__(self, db: Database, iterations: int = domain.PBKDF2_ITERATIONS) -> None:
        self.db = db
        self.iterations = iterations
        # verified on unknown emails too, so a login costs the same either way
        self._dummy_hash = domain.hash_password(secrets.token_hex(8), iterations)

    def router(self) -> Router:
        router = Router()
        router.add("GET", "/health", self.health)
        router.add("POST", "/users", self.create_user)
        router.add("GET", "/users/{user_id}", self.get_user)
        router.add("PUT", "/users/{user_id}", self.update_user)
        router.add("POST", "/auth/login", self.login)
        router.add("GET", "/auth/verify", self.verify)
        router.add("POST", "/auth/logout", self.logout)
        return router

    def health(self, request: Request) -> Response:
        self.db.one("SELECT 1")
        return 200, {"status": "ok", "service": "user-service"}

    def create_user(self, request: Request) -> Response:
        data = validated(domain.validate_registration, request.json_object())
        if self.db.one("SELECT id FROM users WHERE email = ?", (data["email"],)):
            raise HTTPError(409, "Email already registered", field="email")
        password_hash = domain.hash_password(data.pop("password"), self.iterations)
        now = now_iso()
        row = {**data, "password_hash": password_hash, "created_at": now, "updated_at": now}
        try:
            user_id = self.db.insert("users", row)
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc) from None
        return 201, self._user(user_id)

    def get_user(self, request: Request) -> Response:
        return 200, self._user(request.params["user_id"])

    def update_user(self, request: Request) -> Response:
        me = self._authenticate(request)
        user_id = request.params["user_id"]
        self._user(user_id)
        if me["id"] != user_id:
            raise HTTPError(403, "You can only update your own profile")
        changes = validated(domain.validate_profile_update, request.json_object())
        assignments = ", ".join(f"{name} = ?" for name in changes)
        try:
            self.db.execute(
                f"UPDATE users SET {assignments}, updated_at = ? WHERE id = ?",
                (*changes.values(), now_iso(), user_id),
            )
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc) from None
        return 200, self._user(user_id)

    def login(self, request: Request) -> Response:
        body = request.json_object()
        email = str(body.get("email") or "").strip().lower()
        password = str(body.get("password") or "")
        row = self.db.one("SELECT id, password_hash FROM users WHERE email = ?", (email,))
        valid = domain.verify_password(password, row["password_hash"] if row else self._dummy_hash)
        if not (row and valid):
            raise HTTPError(401, "Invalid email or password")
        token = secrets.token_urlsafe(32)
        self.db.execute(
            "INSERT INTO sessions (token_digest, user_id, expires_at) VALUES (?, ?, ?)",
            (domain.token_digest(token), row["id"], time.time() + TOKEN_TTL_SECONDS),
        )
        return 200, {
            "token": token,
            "token_type": "bearer",
            "expires_in": TOKEN_TTL_SECONDS,
            "user_id": row["id"],
        }

    def verify(self, request: Request) -> Response:
        return 200, self._authenticate(request)

    def logout(self, request: Request) -> Response:
        self._authenticate(request)
        token = request.bearer_token() or ""
        self.db.execute(
            "DELETE FROM sessions WHERE token_digest = ?", (domain.token_digest(token),)
        )
        return 204, None

    def _authenticate(self, request: Request) -> dict[str, Any]:
        token = request.bearer_token()
        if not token:
            raise HTTPError(401, "Missing bearer token")
        session = self.db.one(
            "SELECT user_id FROM sessions WHERE token_digest = ? AND expires_at > ?",
            (domain.token_digest(token), time.time()),
        )
        if not session:
            raise HTTPError(401, "Invalid or expired token")
        return self._user(session["user_id"])

    def _user(self, user_id: int) -> dict[str, Any]:
        user = self.db.one(f"SELECT {PUBLIC_FIELDS} FROM users WHERE id = ?", (user_id,))
        if not user:
            raise HTTPError(404, f"User {user_id} not found")
        return user


def main(argv: list[str] | None = None) -> None:
    parser = argument_parser("The shop's user service.")
    parser.add_argument(
        "--hash-iterations",
        type=int,
        default=domain.PBKDF2_ITERATIONS,
        help="PBKDF2 iterations for new password hashes",
    )
    args = parser.parse_args(argv)
    service = UserService(Database(args.db, SCHEMA), args.hash_iterations)
    serve("user-service", service.router(), args.host, args.port)


if __name__ == "__main__":
    main()
