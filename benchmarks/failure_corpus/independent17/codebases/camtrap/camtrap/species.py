"""Species identification by the partner's classification API."""

from __future__ import annotations

from typing import Any

import requests


class IdentificationError(Exception):
    """The classification API did not label the capture."""


def identify(base_url: str, token: str, model: str, image: bytes,
             timeout: float) -> dict[str, Any]:
    """Label one image with the day or night model."""
    response = requests.post(f"{base_url}/v1/models/{model}/identify", data=image,
                             headers={"Authorization": f"Bearer {token}"}, timeout=timeout)
    if response.status_code in (401, 403):
        raise IdentificationError(
            f"classification API refused the token ({response.status_code}): {response.text}")
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def identify_all(base_url: str, token: str, model: str, images: list[bytes],
                 timeout: float) -> list[str]:
    return [identify(base_url, token, model, image, timeout)["species"] for image in images]
