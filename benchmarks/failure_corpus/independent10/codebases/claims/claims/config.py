"""Settings read from the environment, as deployed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the service finds its partners, databases and volumes."""

    fraud_url: str
    fraud_key: str
    payments_url: str
    payments_token: str
    http_timeout: float
    spool_path: Path
    document_root: Path
    audit_db: Path
    ledger_db: Path
    policy_feed: Path
    migrations_upto: int
    worker_memory_mb: int

    @classmethod
    def from_env(cls, base: Path) -> Settings:
        """Read settings, defaulting file locations to ``base``."""
        env = os.environ
        return cls(
            fraud_url=env.get("CLAIMS_FRAUD_URL", "http://127.0.0.1:1"),
            fraud_key=env.get("CLAIMS_FRAUD_KEY", "fraud-key-1"),
            payments_url=env.get("CLAIMS_PAYMENTS_URL", "http://127.0.0.1:1"),
            payments_token=env.get("CLAIMS_PAYMENTS_TOKEN", "payments-token-1"),
            http_timeout=float(env.get("CLAIMS_HTTP_TIMEOUT", "1.0")),
            spool_path=Path(env.get("CLAIMS_SPOOL", str(base / "spool.jsonl"))),
            document_root=Path(env.get("CLAIMS_DOCUMENT_ROOT", str(base / "documents"))),
            audit_db=Path(env.get("CLAIMS_AUDIT_DB", str(base / "audit.db"))),
            ledger_db=Path(env.get("CLAIMS_LEDGER_DB", str(base / "ledger.db"))),
            policy_feed=Path(env.get("CLAIMS_POLICY_FEED", str(base / "policies.csv"))),
            migrations_upto=int(env.get("CLAIMS_MIGRATIONS_UPTO", "99")),
            worker_memory_mb=int(env.get("CLAIMS_WORKER_MEMORY_MB", "0")),
        )
