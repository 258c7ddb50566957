"""Commands: one block loaded, the whole year run, blank forms, the ballots before the vote, next year's workbook; each ties the stages below together."""
