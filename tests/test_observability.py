"""At scale: a request id in every answer and log line, JSON logs, and a health endpoint that
checks the database and the file store."""

import json
import logging

from django.urls import reverse

from raadsmemo.observability import JsonFormatter, RequestIdFilter, request_id_var


def test_every_answer_carries_a_request_id_and_keeps_the_proxys(client, db):
    made = client.get(reverse("meetings:upcoming"))["X-Request-ID"]
    assert len(made) == 32
    assert (
        client.get(reverse("lta:register"), HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    )
    # Something that is no id (too short, a line break, markup) is replaced, not logged.
    for nonsense in ("x", "abc\ndef12345", "<script>alert(1)</script>"):
        given = client.get(reverse("lta:register"), HTTP_X_REQUEST_ID=nonsense)["X-Request-ID"]
        assert given != nonsense and len(given) == 32


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord(
        "raadsmemo.test", logging.WARNING, __file__, 1, "Vergadering %s", ("Ærø",), None
    )
    token = request_id_var.set("abcdef123456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Vergadering Ærø" and line["request_id"] == "abcdef123456"
    assert line["level"] == "WARNING" and line["logger"] == "raadsmemo.test"


def test_health_checks_the_database_and_the_store(client, db, monkeypatch):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"database": "ok", "bestanden": "ok"}
    assert "no-cache" in response["Cache-Control"]

    def broken(name):
        raise OSError("store unreachable")

    monkeypatch.setattr("raadsmemo.observability.default_storage.exists", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json() == {"database": "ok", "bestanden": "fout"}
