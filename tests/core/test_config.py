from __future__ import annotations

import pytest

from monitor import create_app
from monitor.config import ConfigError, Settings


def test_production_refuses_default_secret() -> None:
    with pytest.raises(ConfigError, match="MONITOR_SECRET_KEY"):
        create_app({"env": "production", "base_url": "https://m.example"})


def test_default_database_is_sqlite_in_instance(tmp_path) -> None:
    settings = Settings.from_env({"instance_path": tmp_path})
    assert settings.database_url == f"sqlite:///{tmp_path / 'monitor.sqlite3'}"
    assert settings.data_dir == tmp_path / "captures"


def test_home_page_renders(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Detention Conditions Monitor" in response.data
