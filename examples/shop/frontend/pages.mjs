// The frontend's HTML pages: plain server-rendered forms with ids and labels for the
// browser tests' locators (see ../pages/ for their page objects).

import { CURRENCY, PRODUCTS } from "./catalogue.mjs";

/** Minor units per currency, as payment-service counts amounts (JPY has none). */
const EXPONENTS = { JPY: 0 };

/** 2500, "EUR" → "25.00 EUR". */
export function formatAmount(amount, currency = CURRENCY) {
  const exponent = EXPONENTS[currency] ?? 2;
  return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency}`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole page; ``nav`` ({count, loggedIn}) adds the shop's navigation bar. */
export function page(title, body, nav = null) {
  const bar = nav === null ? "" : `<nav aria-label="Shop">
  <a id="products-link" href="/products">Products</a>
  <a id="cart-link" href="/cart">Cart (<span id="cart-count">${nav.count}</span>)</a>
  ${nav.loggedIn
    ? `<form method="post" action="/logout"><button id="logout" type="submit">Log out</button></form>`
    : `<a id="login-link" href="/login">Log in</a>`}
</nav>
`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${bar}<main>
${body}
</main>
</body>
</html>
`;
}

function errorLine(error) {
  return error ? `<p id="error" role="alert">${escapeHtml(error)}</p>\n` : "";
}

/** The login form; ``error`` (if any) says why the last attempt failed. */
export function loginPage({ email = "", next = "/products", error = "" } = {}) {
  return page("Log in", `<h1>Log in</h1>
${errorLine(error)}<form id="login-form" method="post" action="/login">
  <input type="hidden" name="next" value="${escapeHtml(next)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required
         value="${escapeHtml(email)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password"
         required>
  <button id="login" type="submit">Log in</button>
</form>`);
}

/** The catalogue, one "Add to cart" button per product. */
export function productsPage(nav, added = "") {
  const notice = PRODUCTS[added]
    ? `<p id="notice" role="status">Added ${escapeHtml(PRODUCTS[added].name)} to your cart</p>\n`
    : "";
  const items = Object.values(PRODUCTS).map((product) => `  <li id="product-${product.id}">
    <span class="name">${escapeHtml(product.name)}</span>
    <span class="price">${escapeHtml(formatAmount(product.price))}</span>
    <form method="post" action="/cart/add">
      <input type="hidden" name="product" value="${product.id}">
      <button id="add-${product.id}" type="submit"
              aria-label="Add ${escapeHtml(product.name)} to cart">Add to cart</button>
    </form>
  </li>`).join("\n");
  return page("Products", `<h1>Products</h1>
${notice}<ul id="products">
${items}
</ul>`, nav);
}

/** The cart: a line per product with a "Remove" button, the total, the way to checkout. */
export function cartPage(nav, { lines, total }) {
  if (lines.length === 0) {
    return page("Cart", `<h1>Your cart</h1>
<p id="empty-cart">Your cart is empty. <a href="/products">See the products</a></p>`, nav);
  }
  const rows = lines.map(({ product, quantity, subtotal }) => `  <tr id="item-${product.id}">
    <td class="name">${escapeHtml(product.name)}</td>
    <td class="quantity">${quantity}</td>
    <td class="subtotal">${escapeHtml(formatAmount(subtotal))}</td>
    <td><form method="post" action="/cart/remove">
      <input type="hidden" name="product" value="${product.id}">
      <button id="remove-${product.id}" type="submit"
              aria-label="Remove ${escapeHtml(product.name)}">Remove</button>
    </form></td>
  </tr>`).join("\n");
  return page("Cart", `<h1>Your cart</h1>
<table id="cart">
  <thead><tr><th>Product</th><th>Quantity</th><th>Subtotal</th><th></th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
<p>Total: <span id="cart-total">${escapeHtml(formatAmount(total))}</span></p>
<a id="checkout" href="/checkout">Checkout</a>`, nav);
}

/** The card form for the cart's total; ``error`` is payment-service's refusal, if any. */
export function checkoutPage(nav, { total }, { cardNumber = "", error = "" } = {}) {
  if (total === 0) {
    return page("Checkout", `<h1>Checkout</h1>
<p id="empty-cart">Your cart is empty. <a href="/products">See the products</a></p>`, nav);
  }
  return page("Checkout", `<h1>Checkout</h1>
<p>Order total: <span id="order-total">${escapeHtml(formatAmount(total))}</span></p>
${errorLine(error)}<form id="payment-form" method="post" action="/checkout">
  <label for="card-number">Card number</label>
  <input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number"
         required value="${escapeHtml(cardNumber)}">
  <button id="pay" type="submit">Pay ${escapeHtml(formatAmount(total))}</button>
</form>`, nav);
}

/** The confirmation page of one payment (as GET /payments/{id} returns it). */
export function confirmationPage(payment, nav = null) {
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
</dl>`, nav);
}

/** {status, html} of an error page. */
export function errorPage(status, message) {
  return { status, html: page(`Error ${status}`, `<h1>Error ${status}</h1>
<p id="error">${escapeHtml(message)}</p>`) };
}
