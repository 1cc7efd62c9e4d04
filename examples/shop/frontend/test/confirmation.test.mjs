// The confirmation step of the shop's `checkout` journey (see ../../qatron.yml): the
// customer logged in at user-service and paid at payment-service; the frontend shows
// the payment. Its inputs come from those steps, so it runs only inside the journey
// (`qatron journey run checkout --project examples/shop`); the frontend's own tests,
// which need nothing else, are in server.test.mjs.

import assert from "node:assert/strict";
import { test } from "node:test";

import { formatAmount } from "../server.mjs";
import { input, publish, serviceUrl } from "./journey.mjs";

test("the confirmation page shows the payment just made", async () => {
  const paymentId = input("payment_id");
  const amount = input("amount");
  const currency = input("currency");
  const response = await fetch(`${serviceUrl("web-frontend")}/confirmation/${paymentId}`, {
    headers: { Authorization: `Bearer ${input("token")}` },
  });
  const page = await response.text();
  assert.equal(response.status, 200, `GET /confirmation/${paymentId}: ${page}`);
  const status = page.match(/<dd id="status">([a-z_]+)<\/dd>/)?.[1];
  assert.ok(["pending", "settled"].includes(status), `no payment status on the page: ${page}`);
  const expected = `Payment ${paymentId} — ${formatAmount(amount, currency)} — ${status}`;
  assert.ok(page.includes(expected), `the page does not say "${expected}": ${page}`);
  publish({ confirmation_status: status });
});
