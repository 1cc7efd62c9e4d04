"""HTTP API of the order service (Flask)."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request

from shop.errors import (
    DuplicateOrder,
    GatewayError,
    GatewayRejectedCredentials,
    OutOfStock,
    StoreUnavailable,
)
from shop.service import OrderService

log = logging.getLogger(__name__)


def create_app(service: OrderService) -> Flask:
    app = Flask("shop")

    @app.errorhandler(StoreUnavailable)
    def store_down(exc: StoreUnavailable):  # type: ignore[no-untyped-def]
        log.error("503: %s", exc)
        return jsonify(error="store_unavailable", detail=str(exc)), 503

    @app.errorhandler(GatewayRejectedCredentials)
    def gateway_auth(exc: GatewayRejectedCredentials):  # type: ignore[no-untyped-def]
        log.error("payment credentials rejected: %s", exc)
        return jsonify(error="payment_configuration"), 500

    @app.errorhandler(GatewayError)
    def gateway(exc: GatewayError):  # type: ignore[no-untyped-def]
        log.error("502: %s", exc)
        return jsonify(error="upstream", service=exc.service, detail=str(exc)), 502

    @app.errorhandler(DuplicateOrder)
    def duplicate(exc: DuplicateOrder):  # type: ignore[no-untyped-def]
        return jsonify(error="duplicate", detail=str(exc)), 409

    @app.errorhandler(OutOfStock)
    def out_of_stock(exc: OutOfStock):  # type: ignore[no-untyped-def]
        return jsonify(error="out_of_stock", detail=str(exc)), 422

    @app.post("/orders")
    def place():  # type: ignore[no-untyped-def]
        body = request.get_json()
        lines = [(line["sku"], int(line["quantity"])) for line in body["lines"]]
        receipt = service.place_order(body["customer_id"], lines, body.get("discount_code"),
                                      body.get("external_ref"))
        return jsonify(id=receipt.order_id, ref=receipt.external_ref,
                       total_cents=receipt.total_cents), 201

    @app.get("/orders/<int:order_id>")
    def show(order_id: int):  # type: ignore[no-untyped-def]
        order = service.repo.get_order(order_id)
        return jsonify(id=order.id, ref=order.external_ref, status=order.status,
                       total_cents=order.total_cents, discount_code=order.discount_code)

    @app.post("/orders/<int:order_id>/refunds")
    def refund(order_id: int):  # type: ignore[no-untyped-def]
        body = request.get_json()
        refund_id = service.refund(order_id, int(body["amount_cents"]), body["reason"])
        return jsonify(id=refund_id), 201

    @app.get("/quote")
    def quote():  # type: ignore[no-untyped-def]
        lines = [(sku, 1) for sku in request.args.getlist("sku")]
        cents = service.quote(int(request.args["customer_id"]), lines,
                              request.args.get("code"))
        return jsonify(total_cents=cents)

    @app.get("/health")
    def health():  # type: ignore[no-untyped-def]
        return jsonify(status="ok")

    return app
