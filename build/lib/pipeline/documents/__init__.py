"""Documents: what the templates are filled with, the chart, the legal grounds, and rendering Word files in memory."""
