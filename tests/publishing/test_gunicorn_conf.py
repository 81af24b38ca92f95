"""gunicorn.conf.py: the workers that render PDFs are recycled, each at a different moment."""

import runpy
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def load_config() -> Config:
    """The settings as gunicorn takes them from the file (each validated by gunicorn)."""
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_gunicorn_recycles_workers_with_jitter(monkeypatch):
    names = ("MAX_REQUESTS", "MAX_REQUESTS_JITTER", "GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_KEEPALIVE")
    for name in (*names, "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    cfg = load_config()
    assert cfg.max_requests == 5000
    assert cfg.max_requests_jitter == 500
    assert cfg.worker_class_str == "gthread" and cfg.threads == 4
    assert cfg.keepalive == 5
    assert cfg.workers == 3
    assert cfg.bind == ["127.0.0.1:8000"]
