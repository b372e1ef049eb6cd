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
# Decisions written per insert (and their rotations per update, in batches of 1,000).
CHUNK = 2000


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
    # In chunks, set-based: the records in one insert, their rotations in one update each.
    keys = list(groups)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        decisions = Decision.objects.bulk_create(
            [decision_for(Decision, key, bodies[key]) for key in chunk], batch_size=CHUNK
        )
        links = [
            Posting(pk=pk, decision_id=decision.pk)
            for key, decision in zip(chunk, decisions, strict=True)
            for pk in groups[key]
        ]
        Posting.objects.bulk_update(links, ["decision"], batch_size=1000)


def decision_for(Decision, key, bodies):
    """The record for one (area, number, date), with its rotations' most common body."""
    area, number, date = key
    common = bodies.most_common(1)
    return Decision(
        unit_id=area, number=number, date=date, issuing_body=common[0][0] if common else ""
    )


def unlink_decisions(apps, schema_editor):
    Posting = apps.get_model("postings", "Posting")
    Decision = apps.get_model("postings", "Decision")
    Posting.objects.filter(decision__isnull=False).update(decision=None)
    Decision.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("postings", "0011_plans_and_decisions")]

    operations = [migrations.RunPython(link_decisions, unlink_decisions)]
