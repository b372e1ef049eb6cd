"""Small `make_*` helpers: each makes one valid row, overridable by keyword."""

import datetime
import itertools

from cadres.models import Cadre, PlanningEntry, Position, Term, Unit
from postings.models import Posting
from postings.services import posting_save

_counter = itertools.count(1)


def make_unit(name=None, *, kind=Unit.Kind.COMMUNE, parent=None, **fields):
    return Unit.objects.create(
        name=name or f"Xã Thử {next(_counter)}", kind=kind, parent=parent, **fields
    )


def make_district(name="Huyện Lộc Bình", **fields):
    province = fields.pop("province", None) or make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    return make_unit(name, kind=Unit.Kind.DISTRICT, parent=province, **fields)


def make_position(name=None, *, level="commune", category="party", is_head=False, **fields):
    return Position.objects.create(
        name=name or f"Chức vụ {next(_counter)}",
        level=level,
        category=category,
        is_head=is_head,
        **fields,
    )


def make_term(name="2010–2015", start=datetime.date(2010, 1, 1), end=datetime.date(2015, 12, 31)):
    return Term.objects.get_or_create(name=name, defaults={"start": start, "end": end})[0]


def make_cadre(full_name=None, **fields):
    fields.setdefault("sex", Cadre.Sex.MALE)
    fields.setdefault("date_of_birth", datetime.date(1975, 5, 10))
    fields.setdefault("ethnicity", "Tày")
    return Cadre.objects.create(full_name=full_name or f"Hoàng Văn {next(_counter)}", **fields)


def make_plan(cadre, *, term=None, position=None, unit=None, **fields):
    return PlanningEntry.objects.create(
        cadre=cadre,
        term=term or make_term(),
        position=position or make_position(),
        unit=unit or make_unit(),
        **fields,
    )


def make_posting(*, cadre=None, from_unit=None, to_unit=None, save=True, **fields):
    """A valid rotation, saved through the service unless `save=False`.

    `in_plan=True` (the default) gives the cadre an approved plan covering the start first:
    the snapshot is computed from the plans, never typed.
    """
    district = None
    if from_unit is None or to_unit is None:
        district = make_district()
    fields.setdefault("start", datetime.date(2010, 3, 1))
    fields.setdefault("exception_reason", "")
    in_plan = fields.pop("in_plan", True)
    posting = Posting(
        cadre=cadre or make_cadre(),
        from_unit=from_unit or make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district),
        to_unit=to_unit or make_unit(parent=district),
        **fields,
    )
    if in_plan:
        plan_covering(posting.cadre, posting.start, posting.to_unit, posting.to_position)
    if save:
        posting_save(posting=posting, require_reason=False)
    return posting


def plan_covering(cadre, day, unit, position=None):
    """An approved plan entry of `cadre` in force on `day`, in a five-year test term."""
    first = 2000 + 5 * ((day.year - 2000) // 5)
    term = make_term(
        f"{first}–{first + 5}", datetime.date(first, 1, 1), datetime.date(first + 5, 12, 31)
    )
    if PlanningEntry.objects.filter(cadre=cadre, term=term).exists():
        return
    make_plan(cadre, term=term, unit=unit, position=position, decision_date=min(term.start, day))
