"""Whether the Prefect server takes this process's credentials, said before a run starts.

A self-hosted server started with ``PREFECT_SERVER_API_AUTH_STRING="user:password"`` (Prefect
3's basic auth) refuses every client without ``PREFECT_API_AUTH_STRING`` set to the same
value; Prefect's client would then fail deep inside a flow run with a traceback. This asks
the server once (``GET /admin/version``) and turns a 401 or 403 into one line that names
the setting::

    check_access("http://prefect:4200/api")   # InfrastructureError when refused
"""

from __future__ import annotations

import base64

import httpx

from qatron.errors import InfrastructureError

__all__ = ["authorization", "check_access"]


def authorization() -> dict[str, str]:
    """The Authorization header Prefect's client sends: Basic for PREFECT_API_AUTH_STRING,
    else Bearer for PREFECT_API_KEY (as set in the environment or the Prefect profile)."""
    from prefect.settings import get_current_settings  # Prefect only when a server is used

    api = get_current_settings().api
    if api.auth_string:
        secret = api.auth_string.get_secret_value()
        return {"Authorization": "Basic " + base64.b64encode(secret.encode()).decode()}
    if api.key:
        return {"Authorization": f"Bearer {api.key.get_secret_value()}"}
    return {}


def check_access(api_url: str, timeout: float = 10.0) -> None:
    """Raise InfrastructureError naming the setting to fix when the server at ``api_url``
    refuses this process's credentials; anything else is left to Prefect to say."""
    headers = authorization()
    try:
        response = httpx.get(f"{api_url.rstrip('/')}/admin/version", headers=headers,
                             timeout=timeout)
    except httpx.HTTPError:
        return  # not an answer about credentials
    if response.status_code not in (401, 403):
        return
    basic = headers.get("Authorization", "").startswith("Basic ")
    problem = ("refused PREFECT_API_AUTH_STRING" if basic else
               "refused PREFECT_API_KEY" if headers else "requires credentials")
    raise InfrastructureError(
        f"the Prefect server at {api_url} {problem} (HTTP {response.status_code}): set "
        f"PREFECT_API_AUTH_STRING to the server's PREFECT_SERVER_API_AUTH_STRING "
        f"(\"user:password\")")
