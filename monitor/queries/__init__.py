"""Read functions for the web app, API, feeds and packets: keyword-only `session`, typed returns.

Views call these and never build `select()` chains themselves.
"""
