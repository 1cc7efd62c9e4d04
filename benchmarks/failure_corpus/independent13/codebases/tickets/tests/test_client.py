"""The desk API client against the partner desk."""

from __future__ import annotations

from helpdesk.client import DeskClient


def test_get_ticket(client: DeskClient) -> None:
    ticket = client.get_ticket(101)
    assert ticket.id == 101
    assert ticket.priority == "urgent"


def test_get_ticket_fields(client: DeskClient) -> None:
    ticket = client.get_ticket(102)
    assert ticket.status == "open"
    assert ticket.created.tzinfo is not None


def test_raw_ticket_status(client: DeskClient) -> None:
    resp = client.raw_ticket(103)
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == 103


def test_list_open_tickets(client: DeskClient) -> None:
    tickets = client.list_tickets("open")
    assert len(tickets) == 10
    assert all(t.status == "open" for t in tickets)


def test_list_pending_tickets(client: DeskClient) -> None:
    tickets = client.list_tickets("pending")
    assert [t.id for t in tickets][:3] == [1, 4, 7]


def test_first_page_closed(client: DeskClient) -> None:
    assert [t.id for t in client.first_page("closed")] == [2, 5, 8, 11]


def test_create_ticket(client: DeskClient) -> None:
    assert client.create_ticket("Leaking tap", "high") > 1000


def test_add_comment(client: DeskClient) -> None:
    assert client.add_comment(7, "Plumber booked") > 1000


def test_get_user(client: DeskClient) -> None:
    assert client.get_user("agent3")["team"] == "facilities"


def test_search_tickets(client: DeskClient) -> None:
    hits = client.search("floor 3")
    assert hits and all("floor 3" in t.title for t in hits)


def test_count_matches(client: DeskClient) -> None:
    assert client.count_matches("printer") == 5


def test_sla_policy(client: DeskClient) -> None:
    assert client.sla_policy()["urgent"] == 4


def test_attachment_meta(client: DeskClient) -> None:
    assert client.attachment_meta(11, "photo.jpg")["size"] == 2048


def test_health(client: DeskClient) -> None:
    assert client.health() == 200


def test_download_session_retries() -> None:
    from helpdesk.client import build_download_session
    adapter = build_download_session().get_adapter("http://desk.example")
    assert adapter.max_retries.total == 1  # type: ignore[attr-defined]
