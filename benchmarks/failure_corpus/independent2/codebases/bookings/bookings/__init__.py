"""Hotel bookings: ORM models, a pricing client, notifications, a file cache and a CLI."""
