"""Write: files on disk, all or none: the score table, marked copies of faulty workbooks, PDFs."""
