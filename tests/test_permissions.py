"""Every URL × every persona has an expected outcome, written down here.

The routes are read from the URL resolver, so a new URL without a row fails
`test_every_url_has_an_expected_outcome`, naming it. Add its row to PAGES (a route with
arguments also needs a builder) or, for a new admin model, to ADMIN_MODELS.

Outcomes: 200 opens; 302 redirects (for the anonymous: to the login page); 403 refused;
404 outside the scope (or not found); 405 wrong method.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.forms import ModelChoiceField
from django.urls import URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from cadres.models import Cadre, PlanningEntry, Position, Term, Unit, UnitChange
from postings.models import (
    Decision,
    Evaluation,
    InspectionFinding,
    Placement,
    PlanItem,
    Posting,
    RotationPlan,
)
from registry import roles
from registry.models import ImportBatch
from tests.conftest import make_user
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit
from tests.permission_matrix import (
    ADMIN_MODELS,
    IMPORTS,
    PAGES,
    PERSONAS,
    SCREENS,
    D,
    every,
)


class World:
    """One object of each kind in the home district, and the personas."""

    def __init__(self, home_district, other_district):
        self.board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
        self.commune = make_unit("Xã Tú Đoạn", parent=home_district)
        self.cadre = make_cadre("Lăng Văn Hoà", current_unit=self.commune)
        self.posting = make_posting(cadre=self.cadre, from_unit=self.board, to_unit=self.commune)
        self.users = {
            "staff": make_user("staff", scope=home_district, role=roles.STAFF),
            "leader": make_user("leader", scope=home_district, role=roles.LEADER),
            "administrator": make_user("admin-x", scope=home_district, role=roles.ADMINISTRATOR),
            "outsider": make_user("outsider", scope=other_district, role=roles.STAFF),
        }
        attempt = {"user_agent": "", "ip_address": "10.0.0.1", "username": "staff"}
        attempt |= {"http_accept": "", "path_info": "/accounts/login/"}
        new_commune = make_unit("Xã Thống Nhất", parent=home_district)
        plan = RotationPlan.objects.create(unit=home_district, term=make_term(), name="Kế hoạch")
        self.objects = {
            Posting: self.posting,
            Evaluation: self.posting.evaluations.create(kind="annual", date=D(2011, 1, 1)),
            Placement: Placement.objects.create(
                posting=self.posting,
                position=make_position(),
                unit=self.board,
                date=D(2014, 1, 1),
                comparison="equivalent",
            ),  # fmt: skip
            InspectionFinding: self.commune.inspection_findings.create(
                date=D(2012, 1, 1), finding="Thiếu hồ sơ"
            ),
            Cadre: self.cadre,
            Decision: Decision.objects.create(
                unit=home_district, number="1-QĐ/HU", date=D(2010, 1, 1)
            ),
            RotationPlan: plan,
            PlanItem: PlanItem.objects.create(plan=plan, year=2011, cadre=self.cadre),
            PlanningEntry: make_plan(self.cadre, unit=self.commune, term=make_term()),
            Unit: self.commune,
            UnitChange: UnitChange.objects.create(
                from_unit=self.commune, to_unit=new_commune, kind="merge", date=D(2020, 1, 1)
            ),
            Position: make_position("Bí thư Đảng uỷ xã"),
            Term: make_term(),
            self.users["staff"]._meta.model: self.users["staff"],
            Group: Group.objects.get(name=roles.STAFF),
            AccessAttempt: AccessAttempt.objects.create(
                **attempt, get_data="", post_data="", failures_since_start=1
            ),
            AccessLog: AccessLog.objects.create(**attempt),
            AccessFailureLog: AccessFailureLog.objects.create(**attempt),
        }
        self.batch = ImportBatch.objects.create(
            user=self.users["staff"],
            kind="postings",
            file_name="luan-chuyen.xlsx",
            data=b"",
            status=ImportBatch.Status.PREVIEWED,
        )
        self.objects[ImportBatch] = self.batch


@pytest.fixture
def world(home_district, other_district):
    return World(home_district, other_district)


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def admin_routes(world):
    """Each admin model route → (URL, persona → outcome), from ADMIN_MODELS."""
    table = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        expected = ADMIN_MODELS.get(label)
        if expected is None:
            continue
        obj = world.objects[model]
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for index, screen in enumerate(SCREENS):
            args = [] if screen in ("changelist", "add") else [obj.pk]
            outcomes = {p: expected[p][index] for p in PERSONAS if p != "anonymous"}
            route = base + ("" if screen == "changelist" else {
                "add": "add/",
                "change": "<path:object_id>/change/",
                "delete": "<path:object_id>/delete/",
                "history": "<path:object_id>/history/",
            }[screen])  # fmt: skip
            table[route] = (reverse(f"{info}_{screen}", args=args), {**outcomes, "anonymous": 302})
        table[base + "<path:object_id>/"] = (f"/{base}{obj.pk}/", every(302))
        history = {p: expected[p][4] for p in PERSONAS if p != "anonymous"}
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = obj.history.latest().history_id
            table[base + "^([^/]+)/history/([^/]+)/$"] = (
                reverse(f"{info}_simple_history", args=[obj.pk, version]),
                {**history, "anonymous": 302},
            )
        if label in IMPORTS:
            kinds = IMPORTS[label]
            for index, (suffix, url) in enumerate(
                (
                    ("import/", f"/{base}import/"),
                    ("import/<int:batch_id>/", f"/{base}import/{world.batch.pk}/"),
                    ("import/template.<str:file_format>", f"/{base}import/template.xlsx"),
                    ("export.<str:file_format>", f"/{base}export.csv"),
                )
            ):
                outcomes = {p: kinds[p][index] for p in PERSONAS if p != "anonymous"}
                table[base + suffix] = (url, {**outcomes, "anonymous": 302})
            progress = {p: kinds[p][1] for p in PERSONAS if p != "anonymous"}
            table[base + "import/<int:batch_id>/progress.json"] = (
                f"/{base}import/{world.batch.pk}/progress.json",
                {**progress, "anonymous": 302},
            )
        if label == "auth.user":
            table[base + "<id>/password/"] = (
                reverse("admin:auth_user_password_change", args=[obj.pk]),
                {**{p: expected[p][2] for p in PERSONAS if p != "anonymous"}, "anonymous": 302},
            )
    return table


def expected_table(world):
    table = {
        route: ((builder(world) if builder else f"/{route}"), outcomes)
        for route, (builder, outcomes) in PAGES.items()
    }
    table.update(admin_routes(world))
    return table


def test_every_url_has_an_expected_outcome(world):
    table = expected_table(world)
    missing = [route for route, _ in routes() if route not in table]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"
    assert set(ADMIN_MODELS) == {m._meta.label_lower for m in admin.site._registry}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_gives_each_persona_the_expected_outcome(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    wrong = []
    for route, (url, outcomes) in expected_table(world).items():
        status = client.get(url).status_code
        if status != outcomes[persona]:
            wrong.append(f"{route} ({url}): expected {outcomes[persona]}, got {status}")
        if persona == "anonymous" and status == 302 and outcomes[persona] == 302:
            location = client.get(url)["Location"]
            if not (url.startswith(("/i18n/", "/admin/login/")) or "login" in location):
                wrong.append(f"{route}: anonymous sent to {location}, not to the login page")
    assert not wrong, "\n".join(wrong)


def test_leaders_are_refused_every_add_change_and_delete(client, world):
    client.force_login(world.users["leader"])
    refused = []
    for model in admin.site._registry:
        obj = world.objects[model]
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for screen, args in (("add", []), ("change", [obj.pk]), ("delete", [obj.pk])):
            status = client.post(reverse(f"{info}_{screen}", args=args), {"post": "yes"})
            # Another person's import log entry is not even found (404); all else is 403.
            allowed = (403, 404) if model is ImportBatch else (403,)
            if status.status_code not in allowed:
                refused.append(f"{info}_{screen}: {status.status_code}")
    assert not refused, refused
    for model, obj in world.objects.items():
        assert model.objects.filter(pk=obj.pk).exists()


# Every picker of every admin form and inline, for an outsider: only rows in their scope,
# in what is offered and so in what a POST may submit, since Django validates a choice
# against the field's queryset (issue 17, findings 1 and 2).

GLOBAL_CATALOGUES = (Group, Permission, ContentType)


def in_scope(model, user):
    """The rows of `model` that `user` may be offered; None for a catalogue shared by all."""
    if hasattr(model._default_manager, "visible_to"):
        return model._default_manager.visible_to(user)
    if model is User:
        units = Unit.objects.visible_to(user)
        return User.objects.filter(is_superuser=False, scope__unit__in=units)
    if model in GLOBAL_CATALOGUES:
        return None
    raise AssertionError(f"{model._meta.label}: add who may pick its rows to in_scope()")


def own_records(district, user):
    """One record of each kind in `district`, entered by `user`: the forms to walk."""
    board = make_unit("Ban Tổ chức Huyện uỷ Đình Lập", kind="party", parent=district)
    commune = make_unit("Xã Bắc Xa", parent=district)
    cadre = make_cadre("Hoàng Văn Đình", current_unit=commune)
    posting = make_posting(cadre=cadre, from_unit=board, to_unit=commune)
    finding = commune.inspection_findings.create(date=D(2012, 1, 1), finding="Thiếu hồ sơ")
    finding.postings.add(posting)
    finding.cadres.add(cadre)
    plan = RotationPlan.objects.create(unit=district, term=make_term(), name="Kế hoạch Đình Lập")
    return {
        Decision: Decision.objects.create(unit=district, number="2-QĐ/HU", date=D(2010, 1, 1)),
        RotationPlan: plan,
        PlanItem: PlanItem.objects.create(plan=plan, year=2011, cadre=cadre),
        Unit: commune,
        Cadre: cadre,
        Posting: posting,
        Evaluation: posting.evaluations.create(kind="annual", date=D(2011, 1, 1)),
        Placement: Placement.objects.create(
            posting=posting,
            position=make_position(),
            unit=board,
            date=D(2014, 1, 1),
            comparison="equivalent",
        ),  # fmt: skip
        InspectionFinding: finding,
        PlanningEntry: make_plan(cadre, unit=commune, term=make_term()),
        UnitChange: UnitChange.objects.create(
            from_unit=board, to_unit=commune, kind="rename", date=D(2015, 1, 1)
        ),
        User: user,
        ImportBatch: ImportBatch.objects.create(
            user=user, kind="cadres", file_name="can-bo.xlsx", data=b"", status="failed"
        ),
    }


def pickers(model_admin, request, obj):
    """(where, field name, form field) of each related-field picker of a form and its inlines."""
    form = model_admin.get_form(request, obj, change=obj is not None)
    for name, field in form.base_fields.items():
        yield form.__name__, name, field
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        for name, field in formset.form.base_fields.items():
            yield type(inline).__name__, name, field


@pytest.fixture
def outsider_with_every_right(world, other_district):
    """Staff of Đình Lập holding every permission: every form shows every field."""
    user = make_user("outsider-all", scope=other_district)
    user.user_permissions.set(Permission.objects.all())
    return user


def test_every_admin_picker_offers_an_outsider_only_rows_in_their_scope(
    rf, world, other_district, outsider_with_every_right
):
    user = outsider_with_every_right
    own = own_records(other_district, user)
    wrong, walked = [], set()
    for model, model_admin in admin.site._registry.items():
        request = rf.get("/admin/")
        request.user = user
        for obj in (None, own[model]) if model in own else (None,):
            for where, name, field in pickers(model_admin, request, obj):
                if not isinstance(field, ModelChoiceField):
                    continue
                walked.add((model._meta.label, where, name))
                allowed = in_scope(field.queryset.model, user)
                if allowed is None:
                    continue
                outside = field.queryset.exclude(pk__in=allowed.values("pk"))
                if outside.exists():
                    shown = ", ".join(str(row) for row in outside[:3])
                    wrong.append(f"{model._meta.label} {where}.{name} offers {shown}")
    assert not wrong, "\n".join(wrong)
    # The walk reached the pickers of the attacks: the finding's, and the inlines'.
    for picker in (
        ("postings.InspectionFinding", "InspectionFindingForm", "postings"),
        ("postings.InspectionFinding", "InspectionFindingForm", "cadres"),
        ("cadres.Cadre", "PlanningEntryInline", "unit"),
        ("cadres.Unit", "ChangeOutInline", "to_unit"),
        ("auth.User", "UserForm", "scope"),
    ):
        assert picker in walked, picker


def test_every_autocomplete_offers_an_outsider_only_rows_in_their_scope(
    client, world, other_district, outsider_with_every_right
):
    user = outsider_with_every_right
    own_records(other_district, user)
    client.force_login(user)
    wrong, asked = [], 0
    for model, model_admin in admin.site._registry.items():
        request_admins = [model_admin, *model_admin.inlines]
        for owner in request_admins:
            source = owner.model if owner is not model_admin else model
            for name in getattr(owner, "autocomplete_fields", ()):
                query = {
                    "app_label": source._meta.app_label,
                    "model_name": source._meta.model_name,
                    "field_name": name,
                    "term": "",
                }
                response = client.get("/admin/autocomplete/", query)
                assert response.status_code == 200, query
                asked += 1
                related = source._meta.get_field(name).related_model
                ids = {int(row["id"]) for row in response.json()["results"]}
                allowed = in_scope(related, user)
                if allowed is not None and ids - set(allowed.values_list("pk", flat=True)):
                    wrong.append(f"{source._meta.label}.{name}: {ids}")
    assert asked > 10
    assert not wrong, "\n".join(wrong)
