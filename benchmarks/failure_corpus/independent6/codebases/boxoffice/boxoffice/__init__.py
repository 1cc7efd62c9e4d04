"""Box office of a city's concert halls: events, orders, payments, venues, tickets."""
