// The frontend on its own: server.mjs started as a real process in front of a small
// stand-in for user-service and payment-service, so refusals and failures can be
// provoked. Needs nothing else running: `node --test test/server.test.mjs`.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { addItem, cartLines, formatCart, parseCart, removeItem } from "../catalogue.mjs";
import { escapeHtml, formatAmount } from "../server.mjs";

const SERVER = fileURLToPath(new URL("../server.mjs", import.meta.url));
const TOKEN = "Bearer test-token-1234";
const PASSWORD = "Shop-Secret-2024";
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

/** The JSON body of a request to the stand-in. */
async function jsonBody(request) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : null;
}

/** A stand-in for both services: POST /auth/login (PASSWORD), POST /payments and
 * GET /payments/{id} for TOKEN, 500 for id 500. */
function standIn() {
  return http.createServer(async (request, response) => {
    const body = await jsonBody(request);
    seen.push({ method: request.method, url: request.url, body,
                authorization: request.headers.authorization });
    const id = request.url.split("/").pop();
    const reply = (status, answer) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(answer));
    };
    if (request.method === "POST" && request.url === "/auth/login") {
      return body.password === PASSWORD
        ? reply(200, { token: TOKEN.slice("Bearer ".length), user_id: 1 })
        : reply(401, { detail: "Invalid email or password" });
    }
    if (request.headers.authorization !== TOKEN) return reply(401, { detail: "Missing token" });
    if (request.method === "POST" && request.url === "/payments") {
      if (body.card_number === "4000000000000002") {
        return reply(402, { detail: "Card declined", decline_code: "card_declined" });
      }
      if (body.card_number === "42") {
        return reply(400, { detail: "Card number must have 12 to 19 digits" });
      }
      return reply(201, { id: 77, ...body, status: "pending" });
    }
    if (id === "500") return reply(500, { detail: "boom" });
    if (!PAYMENTS[id]) return reply(404, { detail: `Payment ${id} not found` });
    return reply(200, PAYMENTS[id]);
  });
}

async function startFrontend(serviceUrl) {
  const child = spawn(process.execPath, [SERVER, "--port", "0", "--user-service", serviceUrl,
    "--payment-service", serviceUrl], { stdio: ["ignore", "pipe", "inherit"] });
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

/** POST a form as a browser does, without following the redirect. */
async function post(path, fields, cookie = "") {
  const response = await fetch(`${url}${path}`, {
    method: "POST", redirect: "manual", body: new URLSearchParams(fields),
    headers: cookie ? { Cookie: cookie } : {},
  });
  return { status: response.status, location: response.headers.get("location"),
           cookies: response.headers.getSetCookie(), text: await response.text() };
}

/** GET with the browser's cookies, without following a redirect. */
async function browse(path, cookie = "") {
  const response = await fetch(`${url}${path}`, {
    redirect: "manual", headers: cookie ? { Cookie: cookie } : {},
  });
  return { status: response.status, location: response.headers.get("location"),
           text: await response.text() };
}

const SESSION = `session=${TOKEN.slice("Bearer ".length)}`;

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
  assert.deepEqual(seen.at(-1), { method: "GET", url: "/payments/12", body: null,
                                  authorization: TOKEN });
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

test("a login sets the session cookie and goes where it was asked to", async () => {
  const done = await post("/login", { email: "a@b.co", password: PASSWORD, next: "/cart" });
  assert.equal(done.status, 303);
  assert.equal(done.location, "/cart");
  assert.match(done.cookies[0], /^session=test-token-1234; Path=\/; HttpOnly/);
  assert.deepEqual(seen.at(-1).body, { email: "a@b.co", password: PASSWORD });
  const elsewhere = await post("/login", { email: "a@b.co", password: PASSWORD,
                                           next: "//evil.example" });
  assert.equal(elsewhere.location, "/products");
});

test("a wrong password shows user-service's error and keeps the email", async () => {
  const refused = await post("/login", { email: "a@b.co", password: "wrong" });
  assert.equal(refused.status, 401);
  assert.match(refused.text, /<p id="error" role="alert">Invalid email or password<\/p>/);
  assert.match(refused.text, /id="email"[^>]*value="a@b\.co"/);
  assert.deepEqual(refused.cookies, []);
});

test("the products page lists the catalogue with prices", async () => {
  const { status, text } = await browse("/products");
  assert.equal(status, 200);
  assert.match(text, /<li id="product-mug">\s*<span class="name">Coffee mug<\/span>\s*<span class="price">12\.50 EUR</);
  assert.match(text, /id="add-hoodie"/);
  assert.match(text, /<span id="cart-count">0<\/span>/);
});

test("adding and removing products keeps the cart in its cookie", async () => {
  const added = await post("/cart/add", { product: "mug" }, "cart=mug:1,tee:1");
  assert.equal(added.status, 303);
  assert.equal(added.location, "/products?added=mug");
  assert.match(added.cookies[0], /^cart=mug%3A2%2Ctee%3A1;/);
  const cart = await browse("/cart", "cart=mug:2,tee:1");
  assert.match(cart.text, /<tr id="item-mug">[^]*?<td class="quantity">2<\/td>\s*<td class="subtotal">25\.00 EUR/);
  assert.match(cart.text, /<span id="cart-total">44\.99 EUR<\/span>/);
  assert.match(cart.text, /<span id="cart-count">3<\/span>/);
  const removed = await post("/cart/remove", { product: "mug" }, "cart=mug:2,tee:1");
  assert.match(removed.cookies[0], /^cart=tee%3A1;/);
  assert.match((await browse("/cart")).text, /Your cart is empty/);
});

test("the cart cookie is read strictly", () => {
  const cart = parseCart("mug:2,ghost:1,tee:x,notebook:-1,hoodie:1000");
  assert.equal(formatCart(cart), "mug:2,hoodie:99");
  assert.equal(formatCart(addItem(cart, "ghost")), "mug:2,hoodie:99");
  assert.equal(cartLines(removeItem(cart, "hoodie")).total, 2500);
});

test("checkout needs a login", async () => {
  assert.deepEqual((await browse("/checkout", "cart=mug:1")).location,
                   "/login?next=%2Fcheckout");
  const paid = await post("/checkout", { card_number: "4242424242424242" }, "cart=mug:1");
  assert.equal(paid.location, "/login?next=%2Fcheckout");
});

test("checkout pays the cart's total with the session's token and empties the cart", async () => {
  const cookie = `${SESSION}; cart=mug:2,notebook:1`;
  assert.match((await browse("/checkout", cookie)).text,
               /<span id="order-total">32\.25 EUR<\/span>/);
  const paid = await post("/checkout", { card_number: "4242 4242 4242 4242" }, cookie);
  assert.equal(paid.status, 303);
  assert.equal(paid.location, "/confirmation/77");
  assert.match(paid.cookies[0], /^cart=; .*Max-Age=0/);
  const { url: path, body, authorization } = seen.at(-1);
  assert.equal(path, "/payments");
  assert.equal(authorization, TOKEN);
  assert.deepEqual({ amount: body.amount, currency: body.currency, card: body.card_number },
                   { amount: 3225, currency: "EUR", card: "4242 4242 4242 4242" });
});

test("a declined or invalid card shows payment-service's message", async () => {
  const cookie = `${SESSION}; cart=tee:1`;
  const declined = await post("/checkout", { card_number: "4000000000000002" }, cookie);
  assert.equal(declined.status, 402);
  assert.match(declined.text, /<p id="error" role="alert">Card declined \(card_declined\)<\/p>/);
  assert.deepEqual(declined.cookies, []);
  const invalid = await post("/checkout", { card_number: "42" }, cookie);
  assert.equal(invalid.status, 400);
  assert.match(invalid.text, /Card number must have 12 to 19 digits/);
  assert.match(invalid.text, /id="card-number"[^>]*value="42"/);
});

test("the confirmation page uses the session cookie when there is no Authorization", async () => {
  const { status, text } = await browse("/confirmation/12", SESSION);
  assert.equal(status, 200);
  assert.match(text, /Payment 12 — 25\.00 EUR — pending/);
});

test("unknown paths are 404 and other methods 405", async () => {
  assert.equal((await browse("/nowhere")).status, 404);
  assert.equal((await fetch(`${url}/cart`, { method: "PUT" })).status, 405);
});

test("SIGTERM stops the server cleanly", async () => {
  const exited = once(frontend, "exit");
  frontend.kill("SIGTERM");
  const [code, signal] = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
});
