// The shop's web frontend: the confirmation page a customer sees after paying.
//
//   node server.mjs --port 8003 --payment-service http://127.0.0.1:8002 [--host 127.0.0.1]
//
// GET /health answers "ok"; GET /confirmation/<payment id> fetches the payment from
// payment-service with the request's Authorization header and renders it. Plain Node
// (built-in http and fetch), no dependencies; stops cleanly on SIGTERM and SIGINT.

import http from "node:http";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

/** Minor units per currency, as payment-service counts amounts (JPY has none). */
const EXPONENTS = { JPY: 0 };
const PAYMENT_TIMEOUT_MS = 5000;

/** "2500", "EUR" → "25.00 EUR". */
export function formatAmount(amount, currency) {
  const exponent = EXPONENTS[currency] ?? 2;
  return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency}`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The confirmation page of one payment (as GET /payments/{id} returns it). */
export function confirmationPage(payment) {
  const summary = `Payment ${payment.id} — ${formatAmount(payment.amount, payment.currency)}`
    + ` — ${payment.status}`;
  return page(`Payment ${payment.id}`, `<h1>Thank you for your order</h1>
<p id="summary">${escapeHtml(summary)}</p>
<dl>
  <dt>Payment</dt><dd id="payment-id">${escapeHtml(payment.id)}</dd>
  <dt>Amount</dt><dd id="amount">${escapeHtml(formatAmount(payment.amount, payment.currency))}</dd>
  <dt>Currency</dt><dd id="currency">${escapeHtml(payment.currency)}</dd>
  <dt>Status</dt><dd id="status">${escapeHtml(payment.status)}</dd>
  <dt>Card</dt><dd id="card">${escapeHtml(`${payment.card_brand} •••• ${payment.card_last4}`)}</dd>
</dl>`);
}

function errorPage(status, message) {
  return { status, html: page(`Error ${status}`, `<h1>Error ${status}</h1>
<p id="error">${escapeHtml(message)}</p>`) };
}

/** Status and HTML for /confirmation/<id>, asking payment-service on the caller's behalf. */
export async function confirmation(paymentService, paymentId, authorization) {
  if (!/^[0-9]+$/.test(paymentId)) {
    return errorPage(404, `No payment ${paymentId}: payment ids are numbers`);
  }
  let response;
  try {
    response = await fetch(`${paymentService.replace(/\/$/, "")}/payments/${paymentId}`, {
      headers: authorization ? { Authorization: authorization } : {},
      signal: AbortSignal.timeout(PAYMENT_TIMEOUT_MS),
    });
  } catch (error) {
    return errorPage(502, `The payment service cannot be reached (${error.message})`);
  }
  if (response.status === 404) {
    return errorPage(404, `Payment ${paymentId} not found`);
  }
  if (response.status === 401) {
    return errorPage(401, "Log in to see this payment");
  }
  if (!response.ok) {
    return errorPage(502, `The payment service answered ${response.status}`);
  }
  try {
    return { status: 200, html: confirmationPage(await response.json()) };
  } catch (error) {
    return errorPage(502, `The payment service answered something that is not JSON`);
  }
}

/** An http.Server for the frontend, not yet listening. */
export function createFrontend(paymentService) {
  return http.createServer(async (request, response) => {
    const path = new URL(request.url, "http://frontend").pathname;
    const send = (status, body, type = "text/html; charset=utf-8") => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET") {
      return send(405, errorPage(405, "Only GET is served here").html);
    }
    if (path === "/health") {
      return send(200, "ok", "text/plain; charset=utf-8");
    }
    const match = path.match(/^\/confirmation\/([^/]+)$/);
    if (match) {
      const { status, html } = await confirmation(
        paymentService, decodeURIComponent(match[1]), request.headers.authorization);
      return send(status, html);
    }
    return send(404, errorPage(404, `Nothing at ${path}`).html);
  });
}

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      "payment-service": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !values["payment-service"]) {
    throw new Error("usage: node server.mjs --port N --payment-service URL [--host ADDRESS]");
  }
  return { port, host: values.host, paymentService: values["payment-service"] };
}

function main(argv) {
  let settings;
  try {
    settings = options(argv);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const server = createFrontend(settings.paymentService);
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
