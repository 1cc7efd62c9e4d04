"""Invoice renderer run as a child process: ``python -m shop.render_worker DIR REF...``.

The deployment may cap its memory with SHOP_RENDER_MAX_MB (as the container
runtime does in production).
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

PAGE_BUFFER_MB = 96


def main() -> None:
    limit = os.environ.get("SHOP_RENDER_MAX_MB")
    if limit:
        cap = int(limit) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    workdir = Path(sys.argv[1])
    for ref in sys.argv[2:]:
        page = bytearray(PAGE_BUFFER_MB * 1024 * 1024)  # rasterised page
        page[:4] = b"%PDF"
        (workdir / f"{ref}.pdf").write_bytes(bytes(page[:1024]))


if __name__ == "__main__":
    main()
