"""The audit history read across models: who changed what, when, field by field."""

from dataclasses import dataclass, field

from django.db.models import Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, PlanningEntry, Unit
from registry.scopes import history_visible_to


def _models():
    from postings.models import Evaluation, Posting

    # Each model: the related rows its label needs, and how the label reads.
    return [
        (
            Posting,
            ("cadre", "from_unit", "to_unit"),
            lambda r: f"{_name(r.cadre)}: {r.from_unit} → {r.to_unit} ({r.start:%d/%m/%Y})",
        ),
        (Cadre, (), lambda r: f"{r.full_name} ({r.date_of_birth:%Y})"),
        (Unit, (), lambda r: r.name),
        (
            PlanningEntry,
            ("cadre", "position", "term"),
            lambda r: f"{_name(r.cadre)}: {r.position} ({r.term})",
        ),
        (
            Evaluation,
            ("posting__cadre",),
            lambda r: (
                f"{_name(r.posting.cadre if r.posting else None)}: "
                f"{r.get_kind_display()} {r.date:%d/%m/%Y}"
            ),
        ),
    ]


def _name(cadre):
    return cadre.full_name if cadre else "?"


KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    when: object
    user: object
    kind: str
    model_name: str
    label: str
    url: str
    fields: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


def recent_changes(user, *, offset=0, limit=50, kind=None):
    """The latest changes the user may see, newest first: (changes, whether more follow).

    One query pages through all the histories together; one more per model on the page
    reads those records' versions, to name the changed fields. The count does not grow
    with the rows.
    """
    models = [
        entry
        for entry in _models()
        if user.has_perm(f"{entry[0]._meta.app_label}.view_{entry[0]._meta.model_name}")
    ]
    if not models:
        return [], False
    parts = []
    for index, (model, _related, _label) in enumerate(models):
        rows = history_visible_to(model, user)
        if kind:
            rows = rows.filter(history_type=kind)
        parts.append(
            rows.order_by()
            .annotate(source=Value(index))
            .values_list("history_date", "history_id", "id", "source")
        )
    page = list(
        parts[0]
        .union(*parts[1:], all=True)
        .order_by("-history_date", "-history_id")[offset : offset + limit + 1]
    )
    more = len(page) > limit
    page = page[:limit]

    found = {}
    for index, (model, related, label) in enumerate(models):
        wanted = {row[1] for row in page if row[3] == index}
        if not wanted:
            continue
        object_ids = {row[2] for row in page if row[3] == index}
        # Every version of these records, so each change can be compared with the one before.
        versions = (
            model.history.filter(id__in=object_ids)
            .select_related("history_user", *related)
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for version in versions:
            if version.history_id in wanted:
                before = previous if previous is not None and previous.id == version.id else None
                found[(index, version.history_id)] = _change(model, label, version, before)
            previous = version
    return [found[(row[3], row[1])] for row in page if (row[3], row[1]) in found], more


def _change(model, label, version, before):
    opts = model._meta
    fields = []
    if before is not None and version.history_type == "~":
        delta = version.diff_against(before)
        fields = [str(opts.get_field(name).verbose_name) for name in delta.changed_fields]
    return Change(
        when=version.history_date,
        user=version.history_user,
        kind=version.history_type,
        model_name=str(opts.verbose_name),
        label=label(version),
        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[version.id]),
        fields=fields,
    )
