"""The English catalogue: the compiled .mo matches the .po (the .mo is committed because setup may lack
gettext), and the strings of the foundation (base page, login, accounts, core, cadre choices, models and
rules) are all translated."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from cadres import rules
from cadres.choices import Category, Rank
from cadres.models import Cadre

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "locale" / "en" / "LC_MESSAGES"
FOUNDATION_SOURCES = re.compile(
    r"^(templates/base\.html|templates/accounts/|accounts/|core/|cadres/(choices|models|rules)\.py)"
)


def po_entries() -> list[dict]:
    """The entries of django.po: references, flags, msgid and msgstr (plural forms: the first)."""
    entries = []
    for block in (LOCALE_DIR / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry = {"refs": [], "flags": [], "msgid": None, "msgstr": None}
        current = None
        for line in block.splitlines():
            if line.startswith("#:"):
                entry["refs"].extend(line[2:].split())
            elif line.startswith("#,"):
                entry["flags"].extend(flag.strip() for flag in line[2:].split(","))
            elif line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
                current = "msgid" if line.startswith("msgid ") else "msgstr"
                entry[current] = ast.literal_eval(line.split(" ", 1)[1])
            elif line.startswith(("msgid_plural ", "msgstr[")):
                current = None
            elif line.startswith('"') and current:
                entry[current] += ast.literal_eval(line)
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE_DIR / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    translated = [entry for entry in po_entries() if entry["msgstr"] and "fuzzy" not in entry["flags"]]

    assert len(translated) > 300
    stale = [entry["msgid"] for entry in translated if compiled.gettext(entry["msgid"]) != entry["msgstr"]]
    assert stale == [], "run: manage.py compilemessages -l en"


def test_foundation_strings_are_all_translated():
    foundation = [entry for entry in po_entries() if any(FOUNDATION_SOURCES.match(ref) for ref in entry["refs"])]

    assert len(foundation) > 150
    untranslated = [entry["msgid"] for entry in foundation if not entry["msgstr"] or "fuzzy" in entry["flags"]]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", ("公务员", "四级主任科员", "身份证号", "身份证号校验码错误。")),
        (
            "en",
            (
                "Civil servant",
                "Principal staff member, grade 4",
                "ID number",
                "The ID number's check character is wrong.",
            ),
        ),
    ],
)
def test_choices_fields_and_rule_messages_follow_the_language(language, expected):
    with translation.override(language):
        got = (
            str(Category.CIVIL_SERVANT.label),
            str(Rank.PRINCIPAL_STAFF_4.label),
            str(Cadre._meta.get_field("id_number").verbose_name),
            rules.id_number_problems("513329198803150771")[-1],
        )

    assert got == expected
