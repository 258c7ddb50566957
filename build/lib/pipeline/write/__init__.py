"""Write: files on disk, all or none: the score table, the count sheet, marked copies of faulty workbooks, PDFs."""
