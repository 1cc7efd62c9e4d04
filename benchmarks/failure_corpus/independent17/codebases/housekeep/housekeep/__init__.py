"""Hotel housekeeping planner: room assignments, PMS status, laundry, shift mail."""
