"""The direction of a move, from the levels and places of its two units (QĐ 65 Art. 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Level


class Direction(models.TextChoices):
    DISTRICT_TO_COMMUNE = "district_to_commune", _("district → commune")
    COMMUNE_TO_DISTRICT = "commune_to_district", _("commune → district")
    PROVINCE_TO_DISTRICT = "province_to_district", _("province → district")
    DISTRICT_TO_PROVINCE = "district_to_province", _("district → province")
    PROVINCE_TO_COMMUNE = "province_to_commune", _("province → commune")
    COMMUNE_TO_PROVINCE = "commune_to_province", _("commune → province")
    HORIZONTAL = "horizontal", _("horizontal, between bodies of one level")
    BETWEEN_LOCALITIES = "between_localities", _("between localities")


_DIRECTION_BY_LEVELS = {
    (Level.DISTRICT, Level.COMMUNE): Direction.DISTRICT_TO_COMMUNE,
    (Level.COMMUNE, Level.DISTRICT): Direction.COMMUNE_TO_DISTRICT,
    (Level.PROVINCE, Level.DISTRICT): Direction.PROVINCE_TO_DISTRICT,
    (Level.DISTRICT, Level.PROVINCE): Direction.DISTRICT_TO_PROVINCE,
    (Level.PROVINCE, Level.COMMUNE): Direction.PROVINCE_TO_COMMUNE,
    (Level.COMMUNE, Level.PROVINCE): Direction.COMMUNE_TO_PROVINCE,
}


def derive_direction(from_unit, to_unit):
    """The direction of a move between two units, from their levels and localities."""
    if from_unit.level != to_unit.level:
        return _DIRECTION_BY_LEVELS[(from_unit.level, to_unit.level)]
    if from_unit.locality_id and from_unit.locality_id == to_unit.locality_id:
        return Direction.HORIZONTAL
    return Direction.BETWEEN_LOCALITIES
