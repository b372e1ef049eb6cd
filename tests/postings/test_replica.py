"""Reads on a replica (registry/routers.py), with a second alias on the test database.

`DATABASE_REPLICA_URL` adds the alias `replica`; here the module adds it pointing at the
test database itself, as a mirror (the data is committed: transactional tests), and checks
which alias each query of a request goes to.
"""

import pytest
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from registry.routers import REPLICA, ReplicaRouter, caught_up, replica_reads
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])

AS_OF = "as_of=2026-11-26"


def add_replica(settings_dict):
    """Add the alias `replica` as DATABASE_REPLICA_URL would, with these settings."""
    connections.settings[REPLICA] = settings_dict
    return settings_dict


def remove_replica():
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker):
    """`replica`: a second connection to the test database, a mirror as in the settings."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    add_replica({**primary, "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS}})
    yield
    remove_replica()


@pytest.fixture
def lagging_replica():
    """The replica unreachable (a port nothing listens on, or a missing SQLite file)."""
    saved = connections.settings[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    broken = {**saved}
    if saved["ENGINE"].endswith("postgresql"):
        broken.update(PORT="1", OPTIONS={**saved.get("OPTIONS", {}), "connect_timeout": 1})
    else:
        broken.update(NAME="file:/nonexistent/replica.sqlite3?mode=ro", OPTIONS={"uri": True})
    add_replica(broken)
    yield
    remove_replica()
    add_replica(saved)


def aliases_of(client, url, method="get", aliases=(DEFAULT_DB_ALIAS, REPLICA), **data):
    """{alias: [sql]} of one request."""
    captured = {alias: CaptureQueriesContext(connections[alias]) for alias in aliases}
    for context in captured.values():
        context.__enter__()
    try:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    finally:
        for context in captured.values():
            context.__exit__(None, None, None)
    return response, {
        alias: [q["sql"] for q in c.captured_queries] for alias, c in captured.items()
    }


def test_router_reads_the_replica_only_inside_replica_reads():
    router = ReplicaRouter()
    assert router.db_for_read(User) is None
    with replica_reads():
        assert router.db_for_read(User) == REPLICA
    assert router.db_for_write(User) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_write(User) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "postings") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "postings") is None


def test_a_replica_that_is_itself_a_primary_counts_as_caught_up():
    assert caught_up(wait=0)


def test_summary_computed_on_the_replica_session_and_user_on_the_primary(admin_client, register):
    response, queries = aliases_of(admin_client, f"/reports/?{AS_OF}")
    assert response.status_code == 200
    assert any("postings_posting" in sql for sql in queries[REPLICA])
    assert not any("postings_posting" in sql for sql in queries[DEFAULT_DB_ALIAS])
    assert any("django_session" in sql for sql in queries[DEFAULT_DB_ALIAS])
    assert not any("django_session" in sql or "auth_user" in sql for sql in queries[REPLICA])


def test_summary_served_from_the_cache_reads_no_database_but_the_session(admin_client, register):
    admin_client.get(f"/reports/?{AS_OF}")
    _response, queries = aliases_of(admin_client, f"/reports/?{AS_OF}")
    assert queries[REPLICA] == []


@pytest.mark.parametrize("page", ["cadre", "unit", "export"])
def test_record_pages_and_exports_read_the_replica(admin_client, register, page):
    url = {
        "cadre": f"/cadres/{register.a.pk}/",
        "unit": f"/units/{register.district.pk}/",
        "export": f"/reports/export/theo-nam.csv?{AS_OF}",
    }[page]
    response, queries = aliases_of(admin_client, url)
    assert response.status_code == 200
    assert any("postings_posting" in sql for sql in queries[REPLICA])
    assert not any("postings_posting" in sql for sql in queries[DEFAULT_DB_ALIAS])


def test_login_and_writes_go_to_the_primary(client, register):
    User.objects.create_superuser("chief", "chief@example.vn", PASSWORD)
    response, queries = aliases_of(
        client, "/accounts/login/", method="post", username="chief", password=PASSWORD
    )
    assert response.status_code == 302
    assert queries[REPLICA] == []
    assert any("django_session" in sql for sql in queries[DEFAULT_DB_ALIAS])
    posting = register.p1
    url = f"/admin/postings/posting/{posting.pk}/change/"
    response, queries = aliases_of(client, url)
    assert response.status_code == 200
    assert queries[REPLICA] == []


def test_a_rotation_saved_is_on_the_next_summary(admin_client, register):
    before = admin_client.get(f"/reports/?{AS_OF}").content.decode()
    register.p1.outcome = "cancelled"
    register.p1.save()  # committed (transactional test): the scopes' versions bumped
    after = admin_client.get(f"/reports/?{AS_OF}").content.decode()

    def total(html):
        return int(html.split('data-metric="postings_total">')[1].split("<")[0])

    assert total(after) == total(before) - 1


def test_an_unreachable_replica_leaves_the_pages_on_the_primary(
    admin_client, register, lagging_replica
):
    url = f"/cadres/{register.a.pk}/"
    response, queries = aliases_of(admin_client, url, aliases=[DEFAULT_DB_ALIAS])
    assert response.status_code == 200
    assert register.a.full_name in response.content.decode()
    assert any("postings_posting" in sql for sql in queries[DEFAULT_DB_ALIAS])
