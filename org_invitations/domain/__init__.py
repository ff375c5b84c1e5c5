"""Domain rules in plain Python: no ORM, no HTTP."""
