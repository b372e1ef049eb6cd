"""Link every rotation that has a decision number and date to a decision record.

One record per decision number and date within one deciding area: the deepest district or
province that holds both of the rotation's units (a district's decision moving a cadre
between two of its communes: the district; a province's decision moving one from the
province into a district: the province). The same number and date in two districts are two
decisions. The record takes the rotations' deciding body (the most common one); the
rotations keep their number and date as they were. Reversed, the links and the records
made here go; the rotations are untouched.
"""

from collections import Counter, defaultdict

from django.db import migrations

AREA_KINDS = ("district", "province")


def area_of(from_path, to_path, kinds):
    """The id of the deepest district or province holding both paths (else the top unit)."""
    from_ids, to_ids = from_path.strip("/").split("/"), to_path.strip("/").split("/")
    common = []
    for a, b in zip(from_ids, to_ids, strict=False):
        if a != b:
            break
        common.append(int(a))
    for unit_id in reversed(common):
        if kinds.get(unit_id) in AREA_KINDS:
            return unit_id
    # No area holds both (two provinces): the receiving side's province or top unit.
    to_chain = [int(pk) for pk in to_ids if pk]
    return next((pk for pk in to_chain if kinds.get(pk) in AREA_KINDS), to_chain[0])


def link_decisions(apps, schema_editor):
    Posting = apps.get_model("postings", "Posting")
    Decision = apps.get_model("postings", "Decision")
    Unit = apps.get_model("cadres", "Unit")
    rows = (
        Posting.objects.filter(decision__isnull=True, decision_date__isnull=False)
        .exclude(decision_number="")
        .values_list(
            "pk", "decision_number", "decision_date", "deciding_body", "from_unit", "to_unit"
        )
    )
    groups, bodies = defaultdict(list), defaultdict(Counter)
    paths, kinds = {}, {}
    for unit_id, path, kind in Unit.objects.values_list("pk", "path", "kind").iterator():
        paths[unit_id], kinds[unit_id] = path, kind
    for pk, number, date, body, from_id, to_id in rows.iterator(chunk_size=5000):
        if not number.strip():
            continue
        area = area_of(paths[from_id] or f"/{from_id}/", paths[to_id] or f"/{to_id}/", kinds)
        key = (area, number.strip(), date)
        groups[key].append(pk)
        if body:
            bodies[key][body] += 1
    for (area, number, date), pks in groups.items():
        common = bodies[area, number, date].most_common(1)
        decision = Decision.objects.create(
            unit_id=area, number=number, date=date, issuing_body=common[0][0] if common else ""
        )
        for start in range(0, len(pks), 500):
            Posting.objects.filter(pk__in=pks[start : start + 500]).update(decision=decision)


def unlink_decisions(apps, schema_editor):
    Posting = apps.get_model("postings", "Posting")
    Decision = apps.get_model("postings", "Decision")
    Posting.objects.filter(decision__isnull=False).update(decision=None)
    Decision.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("postings", "0011_plans_and_decisions")]

    operations = [migrations.RunPython(link_decisions, unlink_decisions)]
