// The frontend on its own: server.mjs started as a real process in front of a small
// stand-in payment-service, so missing payments and failures can be provoked. Needs
// nothing else running: `node --test test/server.test.mjs`.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { escapeHtml, formatAmount } from "../server.mjs";

const SERVER = fileURLToPath(new URL("../server.mjs", import.meta.url));
const TOKEN = "Bearer test-token-1234";
const PAYMENTS = {
  12: { id: 12, user_id: 1, amount: 2500, currency: "EUR", status: "pending",
        card_brand: "visa", card_last4: "1111" },
  13: { id: 13, user_id: 1, amount: 700, currency: "JPY", status: "settled",
        card_brand: "<b>mastercard</b>", card_last4: "4444" },
};

let paymentService;
let frontend;
let url;
const seen = [];

/** A stand-in payment-service: GET /payments/{id} for TOKEN, 500 for id 500. */
function standIn() {
  return http.createServer((request, response) => {
    seen.push({ url: request.url, authorization: request.headers.authorization });
    const id = request.url.split("/").pop();
    const reply = (status, body) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== TOKEN) return reply(401, { detail: "Missing token" });
    if (id === "500") return reply(500, { detail: "boom" });
    if (!PAYMENTS[id]) return reply(404, { detail: `Payment ${id} not found` });
    return reply(200, PAYMENTS[id]);
  });
}

async function startFrontend(paymentServiceUrl) {
  const child = spawn(process.execPath, [SERVER, "--port", "0", "--payment-service",
    paymentServiceUrl], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = output.match(/listening on (http:\/\/\S+)/);
    if (match) return { child, url: match[1] };
  }
  throw new Error(`server.mjs exited before listening: ${output}`);
}

async function get(path, authorization = TOKEN) {
  const response = await fetch(`${url}${path}`, {
    headers: authorization ? { Authorization: authorization } : {},
  });
  return { status: response.status, text: await response.text() };
}

before(async () => {
  paymentService = standIn().listen(0, "127.0.0.1");
  await once(paymentService, "listening");
  ({ child: frontend, url } = await startFrontend(
    `http://127.0.0.1:${paymentService.address().port}`));
});

after(async () => {
  if (frontend.exitCode === null) frontend.kill("SIGKILL");
  paymentService.close();
});

test("health answers ok", async () => {
  assert.deepEqual(await get("/health", null), { status: 200, text: "ok" });
});

test("the confirmation page shows the payment, asked with the caller's token", async () => {
  const { status, text } = await get("/confirmation/12");
  assert.equal(status, 200);
  assert.match(text, /Payment 12 — 25\.00 EUR — pending/);
  assert.match(text, /<dd id="status">pending<\/dd>/);
  assert.deepEqual(seen.at(-1), { url: "/payments/12", authorization: TOKEN });
});

test("amounts follow the currency's minor units and page text is escaped", async () => {
  const { text } = await get("/confirmation/13");
  assert.match(text, /Payment 13 — 700 JPY — settled/);
  assert.match(text, /&#60;b&#62;mastercard&#60;\/b&#62;/);
  assert.doesNotMatch(text, /<b>mastercard/);
  assert.equal(formatAmount(5, "EUR"), "0.05 EUR");
  assert.equal(escapeHtml(`"'&`), "&#34;&#39;&#38;");
});

test("a missing payment is a 404 page", async () => {
  const { status, text } = await get("/confirmation/99");
  assert.equal(status, 404);
  assert.match(text, /Payment 99 not found/);
  assert.equal((await get("/confirmation/abc")).status, 404);
});

test("without a valid token the page asks to log in", async () => {
  const { status, text } = await get("/confirmation/12", null);
  assert.equal(status, 401);
  assert.match(text, /Log in/);
});

test("a failing payment-service is a 502 page", async () => {
  const { status, text } = await get("/confirmation/500");
  assert.equal(status, 502);
  assert.match(text, /answered 500/);
});

test("an unreachable payment-service is a 502 page", async () => {
  const closed = http.createServer().listen(0, "127.0.0.1");
  await once(closed, "listening");
  const port = closed.address().port;
  closed.close();
  const other = await startFrontend(`http://127.0.0.1:${port}`);
  try {
    const response = await fetch(`${other.url}/confirmation/12`);
    assert.equal(response.status, 502);
    assert.match(await response.text(), /cannot be reached/);
  } finally {
    other.child.kill("SIGTERM");
    await once(other.child, "exit");
  }
});

test("SIGTERM stops the server cleanly", async () => {
  const exited = once(frontend, "exit");
  frontend.kill("SIGTERM");
  const [code, signal] = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
});
