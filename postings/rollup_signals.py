"""The writes the rollup follows (postings/rollup.py, postings/rollup_plans.py): every write of
a rotation, of what followed it (end reviews, placements), of a plan item or plan, and of
what its keys read (a cadre's sex and ethnicity, terms, titles, a unit's parent).

Connected once by `postings.apps.PostingsConfig.ready`.
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_save

from cadres.models import Cadre, Position, Term, Unit
from postings.models import Evaluation, Placement, PlanItem, Posting, RotationPlan
from postings.rollup import entries_changed_for_cadre, mark_stale, rollup_sync
from postings.rollup_plans import ITEM_FIELDS, PLAN_KEYS
from postings.rollup_plans import item_written as plan_item_written


def posting_loaded(sender, instance, **kwargs):
    # The plan item it carried out when read: a save that moves it refreshes both.
    instance._loaded_plan_item = instance.plan_item_id


def posting_written(sender, instance, raw=False, **kwargs):
    if not raw:
        rollup_sync([instance.pk], {getattr(instance, "_loaded_plan_item", None)} - {None})
        instance._loaded_plan_item = instance.plan_item_id


def after_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        rows = sender.objects.filter(pk=instance.pk)
        instance._rollup_posting = rows.values_list("posting_id", flat=True).first()


def after_written(sender, instance, raw=False, **kwargs):
    # An end review or placement: what followed its rotation (and the one it left).
    if not raw:
        rollup_sync({instance.posting_id, getattr(instance, "_rollup_posting", None)} - {None})


def item_saving(sender, instance, raw=False, **kwargs):
    before = None
    if not raw and instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*ITEM_FIELDS).first()
    instance._rollup_before = before


def item_written(sender, instance, raw=False, **kwargs):
    if not raw:
        after = {name: getattr(instance, name) for name in ITEM_FIELDS}
        deleted = kwargs.get("signal") is post_delete
        before = after if deleted else getattr(instance, "_rollup_before", None)
        plan_item_written(before, None if deleted else after)


def plan_saving(sender, instance, raw=False, **kwargs):
    # Its unit, term and approval date decide where and whether its items count.
    rows = sender.objects.filter(pk=instance.pk)
    before = rows.values_list(*PLAN_KEYS).first() if instance.pk and not raw else None
    after = tuple(getattr(instance, name) for name in PLAN_KEYS)
    if before is not None and before != after:
        mark_stale()


def cadre_saved(sender, instance, raw=False, created=False, **kwargs):
    if not (raw or created):
        entries_changed_for_cadre(instance.pk)


def catalogue_changed(sender, instance, raw=False, created=False, **kwargs):
    # A new term takes the rotations that start in it; a new title has none yet.
    if not raw and (sender is Term or not created):
        mark_stale()


def unit_saving(sender, instance, raw=False, **kwargs):
    # Moved under another parent: its rotations may now be in another province.
    if raw or instance.pk is None:
        return
    before = Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    if before != instance.parent_id:
        mark_stale()


def connections():
    """(signal, receiver, sender, dispatch uid) of every write the rollup follows."""
    found = [
        (post_init, posting_loaded, Posting, "rollup-posting-loaded"),
        (post_save, posting_written, Posting, "rollup-posting-saved"),
        (post_delete, posting_written, Posting, "rollup-posting-deleted"),
        (post_save, cadre_saved, Cadre, "rollup-cadre"),
        (pre_save, unit_saving, Unit, "rollup-unit"),
        (pre_save, item_saving, PlanItem, "rollup-planitem-saving"),
        (post_save, item_written, PlanItem, "rollup-planitem"),
        (post_delete, item_written, PlanItem, "rollup-planitem-deleted"),
        (pre_save, plan_saving, RotationPlan, "rollup-rotationplan"),
    ]
    for model in (Evaluation, Placement):
        name = model._meta.model_name
        found.append((pre_save, after_saving, model, f"rollup-{name}-saving"))
        found.append((post_save, after_written, model, f"rollup-{name}"))
        found.append((post_delete, after_written, model, f"rollup-{name}-deleted"))
    for model in (Term, Position):
        name = model._meta.model_name
        found.append((post_save, catalogue_changed, model, f"rollup-{name}"))
        found.append((post_delete, catalogue_changed, model, f"rollup-{name}-deleted"))
    return found


def connect_rollup():
    """Every write of a rotation, and of what its rollup keys read, keeps the rollup."""
    for signal, receiver, sender, uid in connections():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
