// The shop's fixed catalogue and the cart, kept in the customer's `cart` cookie as
// "mug:2,tee:1" (no state in the server). Amounts are in cents, as payment-service counts.

export const CURRENCY = "EUR";

/** The products on sale: id → name and price in cents. */
export const PRODUCTS = Object.freeze({
  mug: { id: "mug", name: "Coffee mug", price: 1250 },
  tee: { id: "tee", name: "T-shirt", price: 1999 },
  notebook: { id: "notebook", name: "Notebook", price: 725 },
  hoodie: { id: "hoodie", name: "Hoodie", price: 4500 },
});

const MAX_QUANTITY = 99;

/** "mug:2,tee:1" → Map {mug → 2, tee → 1}; unknown products and bad counts are dropped. */
export function parseCart(text) {
  const cart = new Map();
  for (const part of String(text ?? "").split(",")) {
    const [id, count] = part.split(":");
    const quantity = Number(count);
    if (PRODUCTS[id] && Number.isInteger(quantity) && quantity > 0) {
      cart.set(id, Math.min(quantity, MAX_QUANTITY));
    }
  }
  return cart;
}

/** The cookie value of ``cart`` (the inverse of parseCart). */
export function formatCart(cart) {
  return [...cart].map(([id, quantity]) => `${id}:${quantity}`).join(",");
}

/** A new cart with one more of ``id`` (an unknown id changes nothing). */
export function addItem(cart, id) {
  const next = new Map(cart);
  if (PRODUCTS[id]) next.set(id, Math.min((next.get(id) ?? 0) + 1, MAX_QUANTITY));
  return next;
}

/** A new cart without ``id``. */
export function removeItem(cart, id) {
  const next = new Map(cart);
  next.delete(id);
  return next;
}

/** The cart's lines ({product, quantity, subtotal}) and total, in cents. */
export function cartLines(cart) {
  const lines = [...cart].map(([id, quantity]) => ({
    product: PRODUCTS[id], quantity, subtotal: PRODUCTS[id].price * quantity,
  }));
  return { lines, total: lines.reduce((sum, line) => sum + line.subtotal, 0) };
}

/** How many items the cart holds. */
export function itemCount(cart) {
  return [...cart.values()].reduce((sum, quantity) => sum + quantity, 0);
}
