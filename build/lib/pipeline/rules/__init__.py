"""Rules: totals, ranks and awards, pure functions of the records that were read."""
