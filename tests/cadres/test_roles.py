import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from registry import roles

pytestmark = pytest.mark.django_db


def test_roles_are_created_by_the_migration_with_the_matrix():
    for name, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(perms), name


def test_staff_enter_and_correct_but_delete_no_history_bearing_record(staff):
    assert staff.has_perms(["postings.add_posting", "postings.change_posting"])
    assert staff.has_perms(["cadres.add_cadre", "cadres.change_cadre", "cadres.add_unit"])
    for model in ("cadres.cadre", "cadres.unit", "cadres.unitchange", "cadres.position"):
        assert not staff.has_perm(model.replace(".", ".delete_")), model
    assert not staff.has_perm("cadres.delete_term")
    assert not staff.has_perm("postings.delete_posting")
    assert staff.has_perm("postings.delete_evaluation")
    assert staff.has_perm("cadres.delete_planningentry")
    assert not staff.has_perm("cadres.change_position")
    assert not staff.has_perm("auth.view_user")


def test_leaders_read_and_change_nothing(leader):
    perms = leader.get_all_permissions()
    assert "postings.view_posting" in perms and "cadres.view_cadre" in perms
    assert all(perm.split(".")[1].startswith("view_") for perm in perms)


def test_administrators_manage_accounts_and_catalogues_but_not_rotations(administrator):
    assert administrator.has_perms(["auth.add_user", "auth.change_user", "cadres.change_userscope"])
    assert administrator.has_perms(["cadres.change_position", "cadres.add_term"])
    assert administrator.has_perm("cadres.add_unitchange")
    assert administrator.has_perm("postings.view_posting")
    assert not administrator.has_perm("postings.change_posting")
    assert not administrator.has_perm("auth.delete_user")
    assert not administrator.has_perm("auth.change_group")


def test_migrations_of_the_core_and_cadres_never_wait_for_postings_or_the_demo():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app in ("registry", "cadres"):
        for leaf in graph.leaf_nodes(app):
            waited_for = {label for label, _name in graph.forwards_plan(leaf)}
            assert not waited_for & {"postings", "demo"}, (leaf, waited_for)


def test_role_sync_sets_one_apps_grants_and_keeps_the_others():
    loader = MigrationExecutor(connection).loader
    # The state after postings' last migration: every model of the matrix exists in it.
    state = loader.project_state(loader.graph.leaf_nodes("postings")[0])
    leader = Group.objects.get(name=roles.LEADER)
    leader.permissions.remove(*leader.permissions.filter(content_type__app_label="postings"))
    leader.permissions.add(Permission.objects.get(codename="change_posting"))
    leader.permissions.add(Permission.objects.get(codename="delete_cadre"))

    roles.roles_sync(state.apps, app_labels=["postings"])
    roles.roles_sync(state.apps, app_labels=["postings"])

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in leader.permissions.select_related("content_type")
    }
    assert granted == {*roles.ROLE_PERMISSIONS[roles.LEADER], "cadres.delete_cadre"}
