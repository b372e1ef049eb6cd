"""Every page measured by the bench issues as many queries at 1,000 rotations as at 10."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import PlanningEntry
from postings.models import Evaluation, InspectionFinding, Placement, Posting
from tests.factories import make_position, make_term
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
        "export_reviews": f"/reports/export/danh-gia-cuoi.csv?{AS_OF}",
        "export_ratings": f"/reports/export/xep-loai.csv?{AS_OF}",
        "pool_district": f"/reports/nguon/?scope={register.district.pk}&{AS_OF}",
        "pool_export": f"/reports/nguon/export.csv?{AS_OF}",
        # Who a figure and a cell count: the page (a count and one page of rows), the file.
        "names_figure": f"/reports/danh-sach/?{AS_OF}&metric=postings_active",
        "names_persons": f"/reports/danh-sach/?{AS_OF}&metric=women_pct",
        "names_cell": (
            f"/reports/danh-sach/?{AS_OF}&table=theo-don-vi-nhan&key={register.mau_son.pk}"
        ),
        "names_export": f"/reports/danh-sach.csv?{AS_OF}&table=theo-nam&key=total",
        "summary_word": f"/reports/word.docx?scope={register.district.pk}&{AS_OF}",
    }


def bulk_followups(register):
    """For the rotations without them: an end review, a placement, a plan entry for a key
    title (the succession pool) and an inspection finding, so that those grow too."""
    title = make_position("Bí thư Đảng uỷ xã (khóa)", is_key=True)
    term = make_term("2025–2030", datetime.date(2025, 7, 1), datetime.date(2030, 6, 30))
    new = list(Posting.objects.filter(evaluations__isnull=True).select_related("to_unit"))
    Evaluation.objects.bulk_create(
        Evaluation(posting=p, kind="self_review", date=p.planned_end, rating="good") for p in new
    )
    Placement.objects.bulk_create(
        Placement(posting=p, position=title, unit=p.from_unit, date=p.planned_end,
                  comparison="equivalent")
        for p in new
        if p.outcome and p.outcome != "kept"
    )  # fmt: skip
    PlanningEntry.objects.bulk_create(
        PlanningEntry(cadre_id=p.cadre_id, position=title, unit=p.to_unit, term=term,
                      decision_date=term.start)
        for p in new
    )  # fmt: skip
    InspectionFinding.objects.bulk_create(
        InspectionFinding(unit=p.to_unit, date=p.start, finding="Sai sót", kind="review",
                          deadline=p.planned_end)
        for p in new[::10]
    )  # fmt: skip


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
    bulk_followups(register)
    assert Posting.objects.count() == 10
    small = queries_per_page(admin_client, urls)
    bulk_rotations(register, 990)
    bulk_followups(register)
    assert Posting.objects.count() == 1000
    assert Placement.objects.count() > 400
    large = queries_per_page(admin_client, urls)
    assert large == small
