"""Order service of the web shop: pricing, checkout, payments and reports."""
