"""Settings read from the environment: yes/no values are checked, the development key refused."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from raadsmemo.settings import env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), (" Yes ", True), ("on", True), ("0", False), ("OFF", False), ("", True)],
)
def test_env_bool_reads_yes_and_no(monkeypatch, value, expected):
    monkeypatch.setenv("RAADSMEMO_FLAG", value)
    assert env_bool("RAADSMEMO_FLAG", True) is expected


@pytest.mark.parametrize("value", ["ture", "ja", "2", "enabled"])
def test_env_bool_refuses_what_it_does_not_know(monkeypatch, value):
    monkeypatch.setenv("RAADSMEMO_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="is no yes/no value"):
        env_bool("RAADSMEMO_FLAG", False)


def run_manage(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "PYTEST_XDIST_WORKER")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_the_development_key():
    result = run_manage(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert run_manage(DEBUG="0", SECRET_KEY="x" * 50).returncode == 0
    assert run_manage(DEBUG="1").returncode == 0


def test_a_typo_in_debug_stops_the_start():
    result = run_manage(DEBUG="ture", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='ture' is no yes/no value" in result.stderr
