"""Alembic migrations, shipped as the package `monitor.migrations` (see pyproject.toml)."""
