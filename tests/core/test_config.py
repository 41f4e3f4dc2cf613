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


def test_every_tunable_reads_its_environment_variable_with_its_type() -> None:
    environ = {
        "MONITOR_RETENTION_DAYS": "45",
        "MONITOR_ALERT_STAFFING_CRITICAL_PCT": "55.5",
        "MONITOR_MAIL_BATCH_SIZE": "25",
        "MONITOR_SCHEDULER_POLL_SECONDS": "2.5",
        "MONITOR_FETCH_RESPECT_ROBOTS": "false",
        "MONITOR_START_URLS": "dhs_oig=http://127.0.0.1:9/oig, ice_odo=http://127.0.0.1:9/odo",
        "MONITOR_TEST_POSTGRES_URL": "postgresql://ignored",  # read by the test suite only
    }
    settings = Settings.from_env(environ=environ)
    assert settings.retention_days == 45
    assert settings.alerts.staffing_critical_pct == 55.5
    assert settings.alerts.staffing_warning_pct == 80.0  # untouched default
    assert settings.mail.batch_size == 25
    assert settings.scheduler.poll_seconds == 2.5
    assert settings.fetch.overrides() == {"respect_robots": False}
    assert settings.start_urls == {
        "dhs_oig": "http://127.0.0.1:9/oig",
        "ice_odo": "http://127.0.0.1:9/odo",
    }


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MONITOR_SECRET": "x"}, "MONITOR_SECRET"),  # misspelt MONITOR_SECRET_KEY
        ({"MONITOR_ALERT_OPEN_AGE_DAYS": "9"}, "MONITOR_ALERT_OPEN_AGE_DAYS"),
        ({"MONITOR_MAIL_BATCH_SIZE": "many"}, "MONITOR_MAIL_BATCH_SIZE"),
        ({"MONITOR_FETCH_CHECK_DNS": "perhaps"}, "true or false"),
    ],
)
def test_unknown_or_malformed_environment_settings_refuse_to_start(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(environ=environ)


def test_unknown_overrides_refuse_to_start() -> None:
    with pytest.raises(ConfigError, match="argon2_profile"):
        Settings.from_env({"argon2_profile": "cheapest"}, environ={})
    with pytest.raises(ConfigError, match="batch"):
        Settings.from_env({"mail": {"batch": 3}}, environ={})


def test_production_code_carries_no_test_profile() -> None:
    from pathlib import Path

    import monitor

    package = Path(monitor.__file__).parent
    offenders = [
        p.relative_to(package)
        for p in package.rglob("*.py")
        if "CHEAPEST" in p.read_text(encoding="utf-8") or "argon2_profile" in p.read_text()
    ]
    assert offenders == []


def test_every_setting_is_documented_in_the_readme() -> None:
    from dataclasses import fields
    from pathlib import Path

    from monitor.config import CODE_ONLY, SECTION_ENV, SECTIONS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    top = [
        f"MONITOR_{f.name.upper()}"
        for f in fields(Settings)
        if f.name not in SECTIONS and f.name not in CODE_ONLY
    ]
    sections = [f"MONITOR_{SECTION_ENV[name]}_<NAME>" for name in SECTIONS]
    undocumented = [var for var in top + sections if f"`{var}`" not in readme]
    assert undocumented == []
