"""Rotation writes under concurrency: two overlapping rotations at once, one gets through."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from postings.models import Posting
from postings.services import posting_save
from tests.factories import make_cadre, make_district, make_unit

D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_posting_save_lets_one_of_two_concurrent_overlapping_rotations_through():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no two saves can race.")
    district = make_district()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district)
    cadre = make_cadre()
    communes = [make_unit(parent=district), make_unit(parent=district)]
    barrier = threading.Barrier(2, timeout=20)
    outcomes = []

    def rotate(to_unit, start):
        try:
            posting = Posting(
                cadre=cadre,
                from_unit=board,
                to_unit=to_unit,
                start=start,
                in_planning_at_start=True,
            )
            barrier.wait()  # Both validate at the same moment, each on its own connection.
            posting_save(posting=posting, require_reason=False)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=rotate, args=(communes[0], D(2010, 3, 1))),
        threading.Thread(target=rotate, args=(communes[1], D(2011, 1, 1))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[-1] == "saved"
    assert outcomes.count("saved") == 1, outcomes
    refusal = next(text for text in outcomes if text != "saved")
    assert "trùng thời gian" in refusal
    assert Posting.objects.filter(cadre=cadre).count() == 1
