"""Commands: one block loaded, the whole year run, blank forms, next year's workbook; each ties the stages below together."""
