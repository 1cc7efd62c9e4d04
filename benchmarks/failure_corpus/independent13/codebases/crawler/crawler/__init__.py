"""An asynchronous site crawler: link discovery, titles, sitemap and search."""
