"""The audit history read across models: who changed what, when, field by field.

The feed knows no app: each app declares the models whose changes it shows, with the
related rows their label needs and how the label reads (`register`, from the app's
`AppConfig.ready`).
"""

from dataclasses import dataclass, field

from django.db.models import Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.scopes import history_visible_to


@dataclass(frozen=True)
class FeedModel:
    model: object
    related: tuple
    label: object


_feed = {}


def register(model, *, label, related=()):
    """Show `model`'s changes in the feed, labelled by `label(version)`.

    `related` names the rows the label reads, fetched with the versions (select_related).
    """
    _feed[model._meta.label] = FeedModel(model, tuple(related), label)


def registered():
    """The models in the feed, in the order their apps registered them."""
    return list(_feed.values())


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
        (entry.model, entry.related, entry.label)
        for entry in registered()
        if user.has_perm(f"{entry.model._meta.app_label}.view_{entry.model._meta.model_name}")
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
