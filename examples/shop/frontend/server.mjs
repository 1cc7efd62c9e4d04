// The shop's web frontend: log in, browse the products, fill a cart, pay, see the
// confirmation. Server-rendered HTML; the server talks to user-service and
// payment-service over HTTP on the customer's behalf.
//
//   node server.mjs --port 8003 --user-service http://127.0.0.1:8001 \
//       --payment-service http://127.0.0.1:8002 [--host 127.0.0.1]
//
// The login's token is kept in the `session` cookie, the cart in the `cart` cookie.
// Plain Node (built-in http and fetch), no dependencies; stops cleanly on SIGTERM and
// SIGINT.

import http from "node:http";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

import {
  addItem, cartLines, CURRENCY, formatCart, itemCount, parseCart, removeItem,
} from "./catalogue.mjs";
import {
  cartPage, checkoutPage, confirmationPage, errorPage, loginPage, productsPage,
} from "./pages.mjs";

export { escapeHtml, formatAmount } from "./pages.mjs";

const SERVICE_TIMEOUT_MS = 5000;
const MAX_FORM_BYTES = 64 * 1024;
const USAGE = "usage: node server.mjs --port N --user-service URL --payment-service URL"
  + " [--host ADDRESS]";

/** A JSON call to a service: {status, body}, or {status: 0, error} when it cannot be reached. */
async function callService(base, path, { method = "GET", body, token, authorization } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (authorization) headers.Authorization = authorization;
  let response;
  try {
    response = await fetch(`${base.replace(/\/$/, "")}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
    });
  } catch (error) {
    return { status: 0, error: error.message };
  }
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    return { status: response.status, body: null };
  }
}

/** Status and HTML for /confirmation/<id>, asking payment-service on the caller's behalf;
 * ``nav`` ({count, loggedIn}) adds the navigation bar. */
export async function confirmation(paymentService, paymentId, authorization, nav = null) {
  if (!/^[0-9]+$/.test(paymentId)) {
    return errorPage(404, `No payment ${paymentId}: payment ids are numbers`);
  }
  const answer = await callService(paymentService, `/payments/${paymentId}`, { authorization });
  if (answer.status === 0) {
    return errorPage(502, `The payment service cannot be reached (${answer.error})`);
  }
  if (answer.status === 404) return errorPage(404, `Payment ${paymentId} not found`);
  if (answer.status === 401) return errorPage(401, "Log in to see this payment");
  if (answer.status !== 200) {
    return errorPage(502, `The payment service answered ${answer.status}`);
  }
  if (answer.body === null) {
    return errorPage(502, "The payment service answered something that is not JSON");
  }
  return { status: 200, html: confirmationPage(answer.body, nav) };
}

/** payment-service's refusal as the customer reads it: "Card declined (card_declined)". */
function refusal(answer) {
  if (answer.status === 0) return `The payment service cannot be reached (${answer.error})`;
  const detail = answer.body?.detail ?? `The payment service answered ${answer.status}`;
  return answer.body?.decline_code ? `${detail} (${answer.body.decline_code})` : detail;
}

function cookies(request) {
  const found = {};
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) found[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return found;
}

function cookie(name, value) {
  const expiry = value === "" ? "; Max-Age=0" : "";
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${expiry}`;
}

async function readForm(request) {
  let size = 0;
  const chunks = [];
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error(`a form of more than ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Where a login goes next: a path of this site only. */
function safeNext(next) {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/products";
}

/** The routes: (context) → {status, html} or {redirect}, plus cookies to set. */
function routes({ userService, paymentService }) {
  const mustLogIn = (path) => ({ redirect: `/login?next=${encodeURIComponent(path)}` });
  return {
    "GET /": () => ({ redirect: "/products" }),
    "GET /login": ({ query }) => ({ status: 200, html: loginPage({ next: safeNext(query.get("next")) }) }),
    "POST /login": async ({ form }) => {
      const email = form.get("email") ?? "";
      const next = safeNext(form.get("next"));
      const answer = await callService(userService, "/auth/login", {
        method: "POST", body: { email, password: form.get("password") ?? "" } });
      if (answer.status === 200 && answer.body?.token) {
        return { redirect: next, cookies: [cookie("session", answer.body.token)] };
      }
      const error = answer.status === 0
        ? `The user service cannot be reached (${answer.error})`
        : answer.body?.detail ?? `The user service answered ${answer.status}`;
      const status = [400, 401].includes(answer.status) ? answer.status : 502;
      return { status, html: loginPage({ email, next, error }) };
    },
    "POST /logout": async ({ session }) => {
      if (session) await callService(userService, "/auth/logout", { method: "POST", token: session });
      return { redirect: "/login", cookies: [cookie("session", "")] };
    },
    "GET /products": ({ nav, query }) => ({ status: 200, html: productsPage(nav, query.get("added")) }),
    "POST /cart/add": ({ cart, form }) => {
      const product = form.get("product") ?? "";
      return { redirect: `/products?added=${encodeURIComponent(product)}`,
               cookies: [cookie("cart", formatCart(addItem(cart, product)))] };
    },
    "POST /cart/remove": ({ cart, form }) => ({
      redirect: "/cart", cookies: [cookie("cart", formatCart(removeItem(cart, form.get("product"))))],
    }),
    "GET /cart": ({ nav, cart }) => ({ status: 200, html: cartPage(nav, cartLines(cart)) }),
    "GET /checkout": ({ nav, cart, session }) => (session
      ? { status: 200, html: checkoutPage(nav, cartLines(cart)) }
      : mustLogIn("/checkout")),
    "POST /checkout": async ({ nav, cart, session, form }) => {
      if (!session) return mustLogIn("/checkout");
      const order = cartLines(cart);
      if (order.total === 0) return { redirect: "/cart" };
      const cardNumber = form.get("card_number") ?? "";
      const answer = await callService(paymentService, "/payments", {
        method: "POST", token: session, body: {
          amount: order.total, currency: CURRENCY, card_number: cardNumber,
          description: order.lines.map((l) => `${l.quantity} × ${l.product.name}`).join(", "),
        } });
      if (answer.status === 201 || answer.status === 200) {
        return { redirect: `/confirmation/${answer.body.id}`, cookies: [cookie("cart", "")] };
      }
      if (answer.status === 401) return mustLogIn("/checkout");
      const status = [400, 402].includes(answer.status) ? answer.status : 502;
      return { status, html: checkoutPage(nav, order, { cardNumber, error: refusal(answer) }) };
    },
  };
}

/** An http.Server for the frontend, not yet listening. */
export function createFrontend({ userService, paymentService }) {
  const table = routes({ userService, paymentService });
  return http.createServer(async (request, response) => {
    const url = new URL(request.url, "http://frontend");
    const send = (status, body, headers = {}) => {
      response.writeHead(status, { "Content-Type": "text/html; charset=utf-8",
                                   "Cache-Control": "no-store", ...headers });
      response.end(body);
    };
    if (request.method === "GET" && url.pathname === "/health") {
      return send(200, "ok", { "Content-Type": "text/plain; charset=utf-8" });
    }
    const jar = cookies(request);
    const session = jar.session || "";
    const cart = parseCart(jar.cart);
    const nav = { count: itemCount(cart), loggedIn: Boolean(session) };
    const match = url.pathname.match(/^\/confirmation\/([^/]+)$/);
    if (request.method === "GET" && match) {
      const authorization = request.headers.authorization
        ?? (session ? `Bearer ${session}` : undefined);
      const { status, html } = await confirmation(
        paymentService, decodeURIComponent(match[1]), authorization, nav);
      return send(status, html);
    }
    const route = table[`${request.method} ${url.pathname}`];
    if (!route) {
      const known = Object.keys(table).some((key) => key.endsWith(` ${url.pathname}`));
      const { status, html } = known
        ? errorPage(405, `${request.method} is not served at ${url.pathname}`)
        : errorPage(404, `Nothing at ${url.pathname}`);
      return send(status, html);
    }
    let form;
    try {
      form = request.method === "POST" ? await readForm(request) : new URLSearchParams();
    } catch (error) {
      return send(413, errorPage(413, `Cannot read ${error.message}`).html);
    }
    let result;
    try {
      result = await route({ query: url.searchParams, form, cart, session, nav });
    } catch (error) {
      console.error(`${request.method} ${url.pathname}: ${error.stack}`);
      result = errorPage(500, `The page failed: ${error.message}`);
    }
    const headers = result.cookies ? { "Set-Cookie": result.cookies } : {};
    if (result.redirect) return send(303, "", { ...headers, Location: result.redirect });
    return send(result.status, result.html, headers);
  });
}

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      "user-service": { type: "string" },
      "payment-service": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !values["payment-service"]
      || !values["user-service"]) {
    throw new Error(USAGE);
  }
  return { port, host: values.host, userService: values["user-service"],
           paymentService: values["payment-service"] };
}

function main(argv) {
  let settings;
  try {
    settings = options(argv);
  } catch (error) {
    console.error(error.message.startsWith("usage") ? error.message : `${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const server = createFrontend(settings);
  server.listen(settings.port, settings.host, () => {
    const { port } = server.address();
    console.log(`web-frontend listening on http://${settings.host}:${port}`);
  });
  const stop = () => {
    server.close(() => {
      console.log("web-frontend stopped");
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2));
}
