"""Units, titles, terms, cadres and succession planning: the catalogue rotations refer to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import dates
from registry.locking import VersionedModel
from registry.models import NormalisedTextMixin, VisibleQuerySet
from registry.text import search_key


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    DISTRICT = "district", _("district level")
    COMMUNE = "commune", _("commune level")


class UnitQuerySet(VisibleQuerySet):
    scope_lookups = ("",)
    history_scope_lookups = ("parent__",)

    def existing_on(self, day):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def subtree(self, unit):
        return self.filter(path__startswith=unit.path)


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
        return reverse("postings:unit", args=[self.pk])

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
        """The open units this one lives on in today, following changes forward."""
        current, result, seen = {self.pk}, set(), set()
        while current:
            seen |= current
            edges = dict(
                UnitChange.objects.filter(from_unit__in=current).values_list(
                    "from_unit_id", "to_unit_id"
                )
            )
            result |= current - set(edges)
            current = set(edges.values()) - seen
        return Unit.objects.filter(pk__in=result)


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
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    category = models.CharField(_("group"), max_length=20, choices=Category.choices)
    is_head = models.BooleanField(_("head"), default=False, help_text=_("Head, not deputy."))
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
    """A congress term (nhiệm kỳ), normally five years."""

    name = models.CharField(_("name"), max_length=50, unique=True)
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


ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ",
    "Xtiêng", "Khơ Mú", "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co",
    "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ",
    "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y", "Cống",
    "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip
MAJORITY_ETHNIC_GROUP = "Kinh"


class CadreQuerySet(VisibleQuerySet):
    scope_lookups = ("current_unit__", "postings__from_unit__", "postings__to_unit__")
    history_scope_lookups = ("current_unit__",)

    def search(self, text):
        key = search_key(text)
        return self.filter(search_key__contains=key) if key else self


class Cadre(NormalisedTextMixin, VersionedModel):
    """A person on the register, with the profile fields a rotation decision looks at."""

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class PoliticalTheory(models.TextChoices):
        ELEMENTARY = "elementary", _("elementary")
        INTERMEDIATE = "intermediate", _("intermediate")
        ADVANCED = "advanced", _("advanced")
        BACHELOR = "bachelor", _("bachelor")

    class StateManagement(models.TextChoices):
        OFFICER = "officer", _("officer")
        PRINCIPAL = "principal", _("principal officer")
        SENIOR = "senior", _("senior officer")

    full_name = models.CharField(_("full name"), max_length=200)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    home_town = models.CharField(_("home town"), max_length=200, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=50,
        choices=[(name, name) for name in ETHNIC_GROUPS],
        default=MAJORITY_ETHNIC_GROUP,
    )
    religion = models.CharField(_("religion"), max_length=100, blank=True)
    party_admission_date = models.DateField(_("Party admission date"), null=True, blank=True)
    party_full_member_date = models.DateField(_("full membership date"), null=True, blank=True)
    general_education = models.CharField(
        _("general education"), max_length=20, blank=True, help_text=_("e.g. 12/12")
    )
    qualification = models.CharField(_("highest qualification"), max_length=200, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    state_management = models.CharField(
        _("state management"), max_length=20, choices=StateManagement.choices, blank=True
    )
    current_unit = models.ForeignKey(
        Unit,
        verbose_name=_("current unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
    )
    current_position = models.ForeignKey(
        Position,
        verbose_name=_("current title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
    )
    id_number = models.CharField(
        _("ID number"), max_length=20, blank=True, help_text=_("Sensitive: shown to staff only.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = CadreQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "version"])

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["search_key", "date_of_birth"]

    def __str__(self):
        return f"{self.full_name} ({self.date_of_birth:%Y})"

    def get_absolute_url(self):
        return reverse("postings:cadre", args=[self.pk])

    def search_text(self):
        return f"{self.full_name} {self.other_names}"

    @property
    def is_ethnic_minority(self):
        return self.ethnicity != MAJORITY_ETHNIC_GROUP

    def age_on(self, day):
        return dates.age_on(self.date_of_birth, day)

    @property
    def retirement_date(self):
        return dates.retirement_date(self.sex, self.date_of_birth)

    def working_years_left(self, day):
        """Years from `day` to the retirement date, one decimal, never below zero."""
        return max(dates.years_between(day, self.retirement_date), 0.0)

    def under_discipline_on(self, day):
        return self.discipline_periods.filter(
            Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
        ).exists()

    def in_plan_on(self, day):
        return self.planning_entries.in_force_on(day).exists()


class DisciplinePeriodQuerySet(VisibleQuerySet):
    scope_lookups = (
        "cadre__current_unit__",
        "cadre__postings__from_unit__",
        "cadre__postings__to_unit__",
    )
    history_scope_lookups = ("cadre__current_unit__",)


class DisciplinePeriod(NormalisedTextMixin, models.Model):
    """A disciplinary measure and the time it runs: no rotation while it does."""

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="discipline_periods",
    )
    form = models.CharField(_("form of discipline"), max_length=100)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    objects = DisciplinePeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline period")
        verbose_name_plural = _("discipline periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="cadres_disciplineperiod_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.form} ({self.start:%d/%m/%Y})"


class PlanningEntryQuerySet(VisibleQuerySet):
    scope_lookups = ("unit__", "cadre__current_unit__")
    history_scope_lookups = scope_lookups

    def in_force_on(self, day):
        """Entries that had the cadre in the approved succession plan on `day`."""
        return self.filter(
            Q(decision_date__isnull=True) | Q(decision_date__lte=day),
            Q(removed_on__isnull=True) | Q(removed_on__gt=day),
            status__in=[PlanningEntry.Status.APPROVED, PlanningEntry.Status.REMOVED],
            term__start__lte=day,
            term__end__gte=day,
        )


class PlanningEntry(NormalisedTextMixin, models.Model):
    """A cadre named in the succession plan (quy hoạch) for a post in a term."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REMOVED = "removed", _("taken out of the plan")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("planned title"),
        on_delete=models.PROTECT,
        related_name="planning_entries",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("planned unit"),
        on_delete=models.PROTECT,
        related_name="planning_entries",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    removed_on = models.DateField(_("taken out on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PlanningEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning entries")
        ordering = ["term__start", "cadre__search_key"]

    def __str__(self):
        return f"{self.cadre.full_name}: {self.position} ({self.term})"


class UserScopeQuerySet(VisibleQuerySet):
    # A national scope (no unit) is seen only by national users.
    scope_lookups = ("unit__",)


class UserScope(models.Model):
    """The unit subtree a user works in; empty unit means the whole country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scope",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("scope unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The user sees this unit and everything under it. Empty: the whole country."),
    )

    objects = UserScopeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user scope")
        verbose_name_plural = _("user scopes")

    def __str__(self):
        return str(self.unit) if self.unit_id else str(_("whole country"))


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
