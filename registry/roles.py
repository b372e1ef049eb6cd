"""The three roles, as Django groups with model permissions.

The groups are created by data migrations, each app's granting the rows of its own models
(`cadres/migrations/0003_roles.py`: cadres, accounts and login attempts;
`postings/migrations/0008_roles.py`: rotations), so every installation has the same ones
and no app's migrations wait for another's. A role grants *what* a user may do; their
scope (`UserScope`) decides *which* rows they do it to.

The matrix (a = add, c = change, v = view, d = delete):

| model                                   | staff  | leader | administrator |
|-----------------------------------------|--------|--------|---------------|
| cadre, unit, inspection finding         | a c v  | v      | v  (unit: a c v) |
| rotation (posting), discipline period   | a c v  | v      | v             |
| decision, rotation plan                 | a c v  | v      | v             |
| planning entry, evaluation, placement,  | a c v d| v      | v             |
| plan item                               |        |        |               |
| title, term, unit change (catalogues)   | v      | v      | a c v         |
| user                                    | –      | –      | a c v         |
| user scope                              | –      | –      | a c v         |
| group                                   | –      | –      | v             |
| login attempts (axes)                   | –      | –      | v, d attempts (unlocks) |

Nothing that history needs is deleted: cadres, units, unit changes, titles, terms and
rotations have no delete permission for anyone but superusers (a wrong rotation is
cancelled through its outcome). Planning entries and evaluations, rows typed by mistake in
a cadre's or rotation's form, may be deleted by staff; the audit history keeps them.
Users are deactivated, never deleted. Group permissions are not editable by
administrators, so that a role means the same everywhere.
"""

STAFF = "Cán bộ nghiệp vụ"
LEADER = "Lãnh đạo"
ADMINISTRATOR = "Quản trị viên"

REGISTRY = [
    "cadres.cadre",
    "cadres.unit",
    "cadres.unitchange",
    "cadres.position",
    "cadres.term",
    "cadres.disciplineperiod",
    "cadres.planningentry",
    "postings.posting",
    "postings.evaluation",
    "postings.placement",
    "postings.inspectionfinding",
    "postings.decision",
    "postings.rotationplan",
    "postings.planitem",
]


def _perms(models, actions):
    """ "cadres.cadre" × ["add"] → ["cadres.add_cadre"]: Django's permission names."""
    return [
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model in models
        for action in actions
    ]


ROLE_PERMISSIONS = {
    STAFF: [
        *_perms(REGISTRY, ["view"]),
        *_perms(
            [
                "cadres.cadre",
                "cadres.unit",
                "cadres.disciplineperiod",
                "cadres.planningentry",
                "postings.posting",
                "postings.evaluation",
                "postings.placement",
                "postings.inspectionfinding",
                "postings.decision",
                "postings.rotationplan",
                "postings.planitem",
            ],
            ["add", "change"],
        ),
        *_perms(
            [
                "cadres.planningentry",
                "postings.evaluation",
                "postings.placement",
                "postings.planitem",
            ],
            ["delete"],
        ),
    ],
    LEADER: _perms(REGISTRY, ["view"]),
    ADMINISTRATOR: [
        *_perms(REGISTRY, ["view"]),
        *_perms(
            ["cadres.unit", "cadres.unitchange", "cadres.position", "cadres.term"],
            ["add", "change"],
        ),
        *_perms(["auth.user", "cadres.userscope"], ["add", "change", "view"]),
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    ],
}


def roles_sync(apps, app_labels):
    """Create the three groups and set their permissions on the models of `app_labels` to
    the matrix above; their permissions on other apps' models stay as they are.

    `apps` is a migration's state: running it again grants the same, so it is safe on a
    database that already holds the grants.
    """
    from django.contrib.auth.management import create_permissions

    # In a fresh database permissions are created only after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # A model an earlier migration does not know yet is granted by the one creating it.
        wanted = [
            Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            for app_label, codename in (perm.split(".") for perm in perms)
            if app_label in app_labels and model_in_state(apps, app_label, codename)
        ]
        wanted = [permission for permission in wanted if permission is not None]
        others = group.permissions.exclude(content_type__app_label__in=app_labels)
        group.permissions.set([*others, *wanted])


def model_in_state(apps, app_label, codename):
    """Whether the permission's model exists at this migration (an earlier one runs before
    later models are made; their own migration grants them)."""
    try:
        apps.get_model(app_label, codename.split("_", 1)[1])
    except LookupError:
        return False
    return True
