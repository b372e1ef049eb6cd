"""Both catalogues complete, compiled and up to date with the code.

A fresh clone needs no gettext to run (the `.mo` files are committed), so a stale `.mo`
would ship old wording: the compiled tables are compared with the `.po` sources by content.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SOURCES = (
    "manage.py",
    "rotation_registry",
    "registry",
    "cadres",
    "postings",
    "demo",
    "templates",
    "locale",
)


def catalogue(language, extension="po"):
    return ROOT / "locale" / language / "LC_MESSAGES" / f"django.{extension}"


def messages(entries):
    """{(context, msgid, plural): translation(s)} of the entries gettext would use."""
    table = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            table[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            table[key] = entry.msgstr
    return table


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = polib.pofile(catalogue(language))
    missing = [entry.msgid for entry in po.untranslated_entries()]
    missing += [
        entry.msgid for entry in po if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]
    assert missing == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy, "a fuzzy header is skipped by msgfmt, charset and all"
    assert po.metadata["Language"] == language
    assert po.obsolete_entries() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    compiled = messages(polib.mofile(catalogue(language, "mo")))
    source = messages(polib.pofile(catalogue(language)))
    stale = {key for key in source.keys() | compiled.keys() if source.get(key) != compiled.get(key)}
    assert stale == set(), "run `make messages` and commit the .mo files"


def test_catalogues_hold_every_string_the_code_marks(tmp_path):
    """`makemessages` on a copy of the code adds nothing to the catalogues and drops nothing."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (gettext) is needed to check the catalogues", pytrace=False)
        pytest.skip("no xgettext: apt-get install gettext")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    command += [f"--locale={language}" for language in LANGUAGES]
    subprocess.run(
        command,
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "true"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    for language in LANGUAGES:
        committed = set(messages(polib.pofile(catalogue(language))))
        fresh_po = polib.pofile(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        fresh = {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in fresh_po if e.msgid}
        assert fresh - committed == set(), f"{language}: strings not in the catalogue"
        assert committed - fresh == set(), f"{language}: strings no longer in the code"
