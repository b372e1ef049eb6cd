"""Every page measured by the bench issues as many queries at 1,000 rotations as at 10."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postings.models import Posting
from tests.postings.test_views import bulk_rotations

AS_OF = "as_of=2026-11-26"


def pages(register):
    return {
        "summary_country": f"/reports/?{AS_OF}",
        "summary_district": f"/reports/?scope={register.district.pk}&{AS_OF}",
        "changelist": "/admin/postings/posting/",
        "changelist_filtered": (
            "/admin/postings/posting/?direction__exact=district_to_commune&year=2008"
        ),
        "search": "/admin/cadres/cadre/?q=can+bo",
        "cadre_page": f"/cadres/{register.a.pk}/",
        "export_csv": f"/reports/export/theo-nam.csv?{AS_OF}",
        "summary_word": f"/reports/word.docx?scope={register.district.pk}&{AS_OF}",
    }


def queries_per_page(client, urls):
    counts = {}
    for name, url in urls.items():
        cache.clear()  # bulk_create sends no signal: compute each summary afresh
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_every_measured_page_issues_the_same_queries_at_10_and_1000_rotations(
    admin_client,
    register,
):
    urls = pages(register)
    admin_client.get("/admin/")  # the session refreshed: not again within a minute
    bulk_rotations(register, 10 - Posting.objects.count())
    assert Posting.objects.count() == 10
    small = queries_per_page(admin_client, urls)
    bulk_rotations(register, 990)
    assert Posting.objects.count() == 1000
    large = queries_per_page(admin_client, urls)
    assert large == small
