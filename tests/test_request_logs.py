"""One structured log line per request, with a request id and no personal data."""

import json
import logging
import sys

import pytest

from centres.logs import JsonFormatter


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="centres.requests")
    return lambda: [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if record.name == "centres.requests"
    ]


def test_each_request_is_one_json_line_with_its_id_and_no_personal_data(
    client, geography, request_lines
):
    response = client.get(
        "/zentren/?nahe=52.4869,13.4317&q=Frau+Musterfrau",
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Kiez-Browser",
    )

    [line] = request_lines()
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/zentren/", 200)
    assert line["view"] == "centres:centre_list"
    assert line["duration_ms"] >= 0
    text = json.dumps(line)
    for private in ("203.0.113.7", "52.4869", "Musterfrau", "Kiez-Browser"):
        assert private not in text


def test_a_sensible_request_id_from_the_proxy_is_kept(client, geography, request_lines):
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-4f1c2a9e")

    assert response["X-Request-ID"] == "proxy-4f1c2a9e"
    assert request_lines()[0]["request_id"] == "proxy-4f1c2a9e"


@pytest.mark.parametrize("sent", ["x", "a" * 65, "evil\ninjected", "id with spaces"])
def test_an_odd_request_id_is_replaced(client, geography, sent):
    response = client.get("/", HTTP_X_REQUEST_ID=sent)

    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_an_exception_is_logged_with_its_request_id_and_traceback():
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", None,
            sys.exc_info(),
        )  # fmt: skip
    record.request_id = "req-12345678"

    line = json.loads(JsonFormatter().format(record))

    assert line["level"] == "ERROR"
    assert line["request_id"] == "req-12345678"
    assert "ValueError: kaputt" in line["exception"]
