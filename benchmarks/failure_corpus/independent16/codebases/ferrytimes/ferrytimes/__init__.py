"""Ferry timetable publisher: keeps routes and sailings, checks berths and sea state with
partners, and publishes timetable feeds to the journey planner."""
