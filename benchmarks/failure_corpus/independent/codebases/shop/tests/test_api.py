def test_health(client):
    assert client.get("/health").json == {"status": "ok"}


def test_post_order_201(client, customer):
    response = client.post("/orders", json={"customer_id": customer,
                                            "lines": [{"sku": "SKU-2", "quantity": 1}]})
    assert response.status_code == 201, response.json
    assert response.json["total_cents"] == 545


def test_get_order_roundtrip(client, repo, customer):
    order_id = repo.add_order("API-1", customer, 777, [("SKU-4", 1, 75)], "STAFF50")
    body = client.get(f"/orders/{order_id}").json
    assert body["ref"] == "API-1" and body["discount_code"] == "STAFF50"


def test_duplicate_ref_409(client, customer):
    order = {"customer_id": customer, "external_ref": "DUP-API",
             "lines": [{"sku": "SKU-4", "quantity": 1}]}
    assert client.post("/orders", json=order).status_code == 201
    assert client.post("/orders", json=order).status_code == 409


def test_quote_endpoint(client, customer):
    response = client.get(f"/quote?customer_id={customer}&sku=SKU-1&sku=SKU-4")
    assert response.json == {"total_cents": 1663}


def test_refund_endpoint(client, repo, customer):
    order_id = repo.add_order("API-R", customer, 900, [("SKU-2", 2, 450)], payment_id="ch_r")
    response = client.post(f"/orders/{order_id}/refunds",
                           json={"amount_cents": 900, "reason": "cancelled"})
    assert response.status_code == 201
    assert client.get(f"/orders/{order_id}").json["status"] == "refunded"


def test_post_two_orders(client, customer):
    order = {"customer_id": customer, "lines": [{"sku": "SKU-4", "quantity": 3}]}
    refs = {client.post("/orders", json=order).json["ref"] for _ in range(2)}
    assert len(refs) == 2
