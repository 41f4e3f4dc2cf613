"""Ingest: run a source (fetch, capture raw bytes, parse, write records) in one place.

`monitor.ingest.runner.run_source` is the only code that catches the named source errors;
`monitor.ingest.writers.WRITERS` maps each record kind to the function that stores it.
"""
