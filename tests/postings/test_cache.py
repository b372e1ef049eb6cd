"""Cached summaries: a repeated view reads the cache; any write makes it compute afresh."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from postings.models import Posting
from registry.cache import data_version

SUMMARY = "/reports/?as_of=2026-11-26"


def summary_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SUMMARY)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured if "postings_posting" in q["sql"]]


def test_summary_repeated_view_issues_no_summary_queries(admin_client, register):
    _first, first_queries = summary_queries(admin_client)
    assert first_queries
    _again, again_queries = summary_queries(admin_client)
    assert again_queries == []


def test_summary_cache_is_invalidated_by_a_write(admin_client, register):
    before, _ = summary_queries(admin_client)
    version = data_version()
    posting = Posting.objects.get(pk=register.p1.pk)
    posting.outcome = Posting.Outcome.CANCELLED  # cancelled rotations are not counted
    posting.save()
    assert data_version() == version + 1
    after, queries = summary_queries(admin_client)
    assert queries, "the write must make the next view compute the summary again"
    total = 'data-metric="postings_total">'
    count = lambda html: int(html.split(total)[1].split("<")[0])  # noqa: E731
    assert count(after.content.decode()) == count(before.content.decode()) - 1


def test_summary_cache_is_invalidated_by_a_delete(admin_client, register):
    summary_queries(admin_client)
    version = data_version()
    register.p1.evaluations.all().delete()
    Posting.objects.filter(pk=register.p1.pk).first().delete()
    assert data_version() > version
    _after, queries = summary_queries(admin_client)
    assert queries


def test_data_version_is_not_bumped_by_a_session(admin_client, register):
    version = data_version()
    admin_client.get("/admin/")
    assert data_version() == version
