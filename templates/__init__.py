"""Jinja2 templates, shipped as the package `monitor.templates` (see pyproject.toml)."""
