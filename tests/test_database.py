"""How the registry talks to its database."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The JIT compiler, started by PostgreSQL's estimates at a million rotations, cost more
    than the pages' queries themselves (rotation_registry/settings.py)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
