"""Reports of a run: the JSON document (schema in report-schema.json) and the HTML page."""
