"""Read: finding the blocks of a year folder, opening workbooks, `khoi.xlsx` and score sheets into records, with every problem found."""
