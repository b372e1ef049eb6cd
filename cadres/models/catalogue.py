"""Units with their history of changes, titles and terms: the catalogue rotations refer to."""

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import NormalisedTextMixin, VisibleQuerySet
from registry.text import search_key


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    DISTRICT = "district", _("district level")
    COMMUNE = "commune", _("commune level")


class UnitQuerySet(VisibleQuerySet):
    scope_lookups = ("",)
    history_scope_lookups = ("parent__",)

    def search(self, text, *, key_fields=("search_key",), exact_fields=()):
        """As every search (name without diacritics, codes as typed), and by place too.

        "tam gia loc binh" finds Xã Tam Gia of Huyện Lộc Bình: the first words in the
        unit's name, the rest in the name of the unit above it or the one above that.
        """
        found = super().search(text, key_fields=key_fields, exact_fields=exact_fields)
        words = search_key(text).split()
        place = Q()
        for cut in range(1, len(words)):
            name, where = " ".join(words[:cut]), " ".join(words[cut:])
            place |= Q(search_key__contains=name) & (
                Q(parent__search_key__contains=where)
                | Q(parent__parent__search_key__contains=where)
            )
        return found | self.filter(place) if place else found


class Unit(NormalisedTextMixin, models.Model):
    """A territorial unit or a body within one, named as it was, with its validity dates."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")
        TOWN = "town", _("township")
        WARD = "ward", _("ward")
        PARTY_BODY = "party", _("Party body")
        PEOPLES_COUNCIL = "council", _("People's Council")
        PEOPLES_COMMITTEE = "committee", _("People's Committee")
        COMMITTEE_OFFICE = "office", _("specialised office")
        FRONT = "front", _("Fatherland Front or mass organisation")
        SECTOR = "sector", _("sector agency")
        PUBLIC_SERVICE = "service", _("public service unit")

    TERRITORIAL_LEVELS = {
        Kind.PROVINCE: Level.PROVINCE,
        Kind.DISTRICT: Level.DISTRICT,
        Kind.COMMUNE: Level.COMMUNE,
        Kind.TOWN: Level.COMMUNE,
        Kind.WARD: Level.COMMUNE,
    }

    name = models.CharField(_("name"), max_length=200)
    search_key = models.CharField(_("search key"), max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The territorial unit (province, district or commune) this body belongs to; itself for
    # a territorial unit. Directions compare localities.
    locality = models.ForeignKey(
        "self",
        verbose_name=_("locality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Materialised ancestry, "/1/7/42/", so that a scope's subtree is one indexed prefix scan.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    code = models.CharField(
        _("official code"),
        max_length=20,
        blank=True,
        help_text=_("Statistics office code. Codes are reused after mergers: not an identity."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Where a territorial unit lies (its centre, WGS 84 degrees): for the summary's map.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()
    search_source = "name"

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            # The provinces and districts among every body of every commune: the rotation
            # list's area filter (postings/admin.py, UnitAreaFilter: the provinces, and the
            # districts of one) and the summary's scope picker (postings/filters.py).
            models.Index(
                fields=["parent"],
                condition=Q(kind__in=["province", "district"]),
                name="cadres_unit_area_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="cadres_unit_valid_to_after_valid_from",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Checked again here: a unit under itself would re-parent its subtree forever.
        self.refuse_a_cycle()
        parent = self.parent
        self.level = self.TERRITORIAL_LEVELS.get(self.kind) or (
            parent.level if parent else Level.PROVINCE
        )
        if self.kind in self.TERRITORIAL_LEVELS:
            self.locality_id = self.pk
        else:
            self.locality_id = parent.locality_id if parent else None
        old_path = self.path
        super().save(*args, **kwargs)
        path = f"{parent.path if parent else '/'}{self.pk}/"
        updates = {}
        if path != old_path:
            updates["path"] = path
        if self.kind in self.TERRITORIAL_LEVELS and self.locality_id != self.pk:
            updates["locality_id"] = self.pk
        if updates:
            Unit.objects.filter(pk=self.pk).update(**updates)
            for key, value in updates.items():
                setattr(self, key, value)
        if old_path and path != old_path:
            # Re-parented: the descendants' paths (and perhaps levels) follow.
            for child in Unit.objects.filter(parent=self):
                child.save()

    def get_absolute_url(self):
        return reverse("records:unit", args=[self.pk])

    def clean(self):
        super().clean()
        self.refuse_a_cycle()

    def refuse_a_cycle(self):
        """Refuse a parent that is this unit or lies under it (its path runs through it)."""
        if self.pk is None or self.parent_id is None:
            return
        if self.parent_id == self.pk or f"/{self.pk}/" in self.parent.path:
            raise ValidationError(
                {
                    "parent": _(
                        "A unit cannot belong to itself or to a unit under it. Choose a unit "
                        "above it or beside it."
                    )
                }
            )

    def existed_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def lineage(self):
        """This unit with every predecessor and successor, through unit changes, transitively."""
        seen = {self.pk}
        frontier = {self.pk}
        while frontier:
            edges = UnitChange.objects.filter(
                Q(from_unit__in=frontier) | Q(to_unit__in=frontier)
            ).values_list("from_unit_id", "to_unit_id")
            found = {pk for edge in edges for pk in edge} - seen
            seen |= found
            frontier = found
        return Unit.objects.filter(pk__in=seen)

    def present_successors(self):
        """The open units this one lives on in today, following changes forward; itself if none."""
        return present_successors([self.pk])[self.pk] or [self]


def present_successors(unit_ids):
    """{unit id: [present units]} following unit changes forward; two queries for any number.

    A unit with no later change is its own present unit and gets an empty list. A split
    leads to several present units, sorted by name. The changes are followed in the database
    (a recursive query from these units only), not read whole.
    """
    unit_ids = list(dict.fromkeys(unit_ids))
    found = {unit_id: set() for unit_id in unit_ids}
    if unit_ids:
        for origin, present in successor_rows(unit_ids):
            found[origin].add(present)
    units = Unit.objects.in_bulk({pk for pks in found.values() for pk in pks})
    return {
        unit_id: sorted((units[pk] for pk in pks if pk in units), key=lambda u: u.name)
        for unit_id, pks in found.items()
    }


def successor_rows(unit_ids):
    """(unit, present unit) pairs: every unit reached from these by changes that has no
    change of its own (UNION, not UNION ALL: a cycle in the changes ends)."""
    connection = connections[router.db_for_read(UnitChange)]
    table = connection.ops.quote_name(UnitChange._meta.db_table)
    marks = ", ".join(["%s"] * len(unit_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE reached(origin, unit) AS ("
            f"SELECT from_unit_id, to_unit_id FROM {table} WHERE from_unit_id IN ({marks}) "
            f"UNION SELECT reached.origin, c.to_unit_id FROM reached "
            f"JOIN {table} c ON c.from_unit_id = reached.unit) "
            f"SELECT origin, unit FROM reached WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} n WHERE n.from_unit_id = reached.unit)",
            unit_ids,
        )
        return cursor.fetchall()


def now_part_of(units):
    """{unit id: [present units]} for units given as (id, path, last day or None).

    A unit's successors through unit changes; a body with no change of its own that closed
    with the unit it belongs to (a district's office on 30/06/2025) takes that unit's
    successors, or its parent's, up the tree. Three queries for any number of units.
    """
    units = list(units)
    if not units:
        return {}
    chains = {pk: [int(part) for part in path.split("/") if part] for pk, path, _last in units}
    ancestors = {pk for chain in chains.values() for pk in chain}
    last_days = dict(Unit.objects.filter(pk__in=ancestors).values_list("pk", "valid_to"))
    successors = present_successors(ancestors | set(chains))
    found = {}
    for pk, _path, last_day in units:
        found[pk] = successors.get(pk, [])
        for ancestor in reversed(chains[pk][:-1]):
            if found[pk] or last_day is None or last_days.get(ancestor) != last_day:
                break
            found[pk] = successors.get(ancestor, [])
    return found


class UnitChangeQuerySet(VisibleQuerySet):
    # A change is visible when either side is.
    scope_lookups = ("from_unit__", "to_unit__")
    history_scope_lookups = scope_lookups


class UnitChange(NormalisedTextMixin, models.Model):
    """One link in a unit's history: this unit became (part of) that one on a date."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("merged into")
        ABSORB = "absorb", _("absorbed into")
        SPLIT = "split", _("split into")
        RENAME = "rename", _("renamed to")

    from_unit = models.ForeignKey(
        Unit,
        verbose_name=_("former unit"),
        on_delete=models.PROTECT,
        related_name="changes_out",
    )
    to_unit = models.ForeignKey(
        Unit,
        verbose_name=_("successor unit"),
        on_delete=models.PROTECT,
        related_name="changes_in",
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("effective date"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("e.g. 818/NQ-UBTVQH14")
    )
    note = models.TextField(_("note"), blank=True)

    objects = UnitChangeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "to_unit", "date"], name="cadres_unitchange_unique_link"
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=models.F("to_unit")),
                name="cadres_unitchange_not_to_itself",
                violation_error_message=_("A unit cannot be its own successor."),
            ),
        ]

    def __str__(self):
        return f"{self.from_unit} → {self.to_unit} ({self.date:%d/%m/%Y})"


class Position(NormalisedTextMixin, models.Model):
    """A title in the catalogue (Bí thư Đảng uỷ xã, Phó Chủ tịch UBND huyện…), with validity."""

    class Category(models.TextChoices):
        PARTY = "party", _("Party")
        GOVERNMENT = "government", _("government")
        FRONT = "front", _("Front and mass organisations")
        CIVIL_SERVANT = "civil_servant", _("civil servant")

    name = models.CharField(_("title"), max_length=200)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=30,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "A short code that tells titles of one name apart in import files, e.g. PTP-H."
        ),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    category = models.CharField(_("group"), max_length=20, choices=Category.choices)
    is_head = models.BooleanField(_("head"), default=False, help_text=_("Head, not deputy."))
    is_key = models.BooleanField(
        _("key title"),
        default=False,
        db_default=False,
        help_text=_(
            "A leadership title the succession plan must cover (two to four people each): "
            "counted in the succession pool."
        ),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()
    history = HistoricalRecords()
    search_source = "name"

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["level", "category", "name"]

    def __str__(self):
        return self.name


class Term(models.Model):
    """A term (nhiệm kỳ), normally five years, of the Party's congresses or of the state's
    elected bodies: they differ from 2026 (Party 2025–2030, People's Councils 2026–2031)."""

    class Body(models.TextChoices):
        PARTY = "party", _("Party congress term")
        STATE = "state", _("People's Council term")

    name = models.CharField(_("name"), max_length=50, unique=True)
    body = models.CharField(
        _("term of"),
        max_length=10,
        choices=Body.choices,
        default=Body.PARTY,
        db_default=Body.PARTY,
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    objects = VisibleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="cadres_term_end_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


def unit_not_existing_message(unit, day):
    return _(
        "%(unit)s did not exist on %(day)s (valid %(valid_from)s – %(valid_to)s). "
        "Choose the unit as it was on that date."
    ) % {
        "unit": unit.name,
        "day": f"{day:%d/%m/%Y}",
        "valid_from": f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "…",
        "valid_to": f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "…",
    }
