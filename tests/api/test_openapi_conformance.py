"""Schemathesis generates requests from our own OpenAPI document (/api/v1/openapi.json) and checks
every answer against it: status codes, content types, headers and response schemas, and that
nothing answers 500. A few examples per operation keep it to seconds; tests/api/test_resources.py
checks the answers against the ODS schemas themselves."""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from raadsmemo.memos.models import Memo
from tests.conftest import add_item, make_meeting, publish_memo

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# A NUL anywhere in a request is refused before any view, for the whole site, with the site's own
# 400 page (raadsmemo.middleware.MalformedInputMiddleware; tests/malformed): not the API's to answer.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes the database connection at the end of each request; inside a test's
    transaction (PostgreSQL) that ends the test. Django's test client switches this off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def some_data(keep_the_test_connection, m31, gerda, stand_in_pdfs):
    meeting = make_meeting(date=dt.date(2022, 1, 12))
    memo = Memo.objects.create(purpose="beeldvormend", datum=dt.date(2022, 1, 12), title="Openbare memo")
    add_item(meeting, "Stapelingsproject", memo=publish_memo(memo, by=gerda))


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_conforms_to_our_openapi_document(case, some_data):
    case.call_and_validate()
