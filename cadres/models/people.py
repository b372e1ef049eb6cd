"""Cadres, their discipline periods and their places in the succession plan."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models.catalogue import Position, Term, Unit
from registry import dates
from registry.locking import VersionedModel
from registry.models import NormalisedTextMixin, VisibleQuerySet

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
        return reverse("records:cadre", args=[self.pk])

    def search_text(self):
        return f"{self.full_name} {self.other_names}"

    def age_on(self, day):
        return dates.age_on(self.date_of_birth, day)

    @property
    def retirement_date(self):
        """The day on whose end the cadre retires (Decree 135/2020 Art. 4)."""
        return dates.retirement_date(self.sex, self.date_of_birth)

    def working_months_left(self, day):
        """Whole months of working time from `day` to the retirement moment, never below zero."""
        return dates.months_left(day, self.retirement_date)

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

    @staticmethod
    def period_runs_on(start, end, day):
        """The row twin of `Cadre.under_discipline_on`'s filter (the import's preloaded check)."""
        return start <= day and (end is None or end >= day)


class PlanningEntryQuerySet(VisibleQuerySet):
    scope_lookups = ("unit__", "cadre__current_unit__")
    history_scope_lookups = scope_lookups

    def in_force_on(self, day):
        """Entries that had the cadre in the approved succession plan on `day`.

        A plan is approved for a term, usually the next one, and is in force from its
        approval until the person is taken out of it or its term ends (Regulation 50-QĐ/TW
        2021, now 377-QĐ/TW 2025), whether or not that term has begun. With no approval
        date recorded, the term's start stands for it.
        """
        return self.annotate(
            approved=Coalesce("decision_date", "term__start", output_field=models.DateField())
        ).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=day),
            status__in=PlanningEntry.IN_FORCE,
            approved__lte=day,
            term__end__gte=day,
        )


class PlanningEntry(NormalisedTextMixin, models.Model):
    """A cadre named in the succession plan (quy hoạch) for a post in a term."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REMOVED = "removed", _("taken out of the plan")

    # The statuses of entries that had the cadre in the plan (until `removed_on`).
    IN_FORCE = (Status.APPROVED, Status.REMOVED)

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
    decision_date = models.DateField(
        _("approval date"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the decision approving the plan: the cadre is in the plan from this "
            "day, also before the term begins. Left empty, the term's start stands for it."
        ),
    )
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

    @staticmethod
    def entry_in_force(approved, term_end, removed_on, day):
        """The row twin of `in_force_on` for an entry of a status in `IN_FORCE`."""
        if approved is None or term_end is None:
            return False
        return approved <= day <= term_end and (removed_on is None or removed_on > day)
