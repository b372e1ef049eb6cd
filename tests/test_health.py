"""The health check the load balancer polls: 200 while the database answers, 503 when not.

The failure is real, not a mock: the view is given a database connection built from the
test database's own settings but pointed at a closed port (PostgreSQL) or at a file in a
missing folder (SQLite), so that connecting fails the way it does in an outage.
"""

import socket

import pytest
from django.db import connection
from django.db.utils import load_backend

from rotation_registry import views


@pytest.mark.django_db
def test_healthz_answers_200_without_login_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_connection():
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/registry.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="down")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    broken = unreachable_connection()
    monkeypatch.setattr(views, "connection", broken)
    try:
        response = client.get("/healthz")
    finally:
        broken.close()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
