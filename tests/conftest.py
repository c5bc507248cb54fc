"""Fixtures shared by every test: the five kinds of visitor of the permission matrix, and a small county.

The county: a root, a township (managed by ``unit_hr``) with a village, and a county organ outside that
scope. ``own_cadre`` is linked to ``cadre_user``; ``other_cadre`` sits in the township; ``outside_cadre``
in the organ.
"""

import pytest
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import HealthCheck, settings

from accounts.models import Role
from cadres.choices import LeadershipLevel, UnitKind
from tests.factories import CadreFactory, TownshipFactory, UnitFactory, UserFactory, VillageFactory

# Property tests judge results, never time: no per-example deadline and no complaint that generating inputs
# was slow (both fail only when the machine is busy, as on a shared CI runner).
settings.register_profile("cadre", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cadre")


@pytest.fixture(scope="session", autouse=True)
def media_root_of_the_run(tmp_path_factory):
    """Files the tests write (exports, imports' error reports, uploads) go to a directory of the run, never
    into the checkout's media/; a test that looks at its files sets its own ``settings.MEDIA_ROOT``."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def county(db):
    root = UnitFactory(name="新龙县", code="513329", kind=UnitKind.COUNTY)
    township = TownshipFactory(name="如龙镇", parent=root)
    village = VillageFactory(name="如龙村", parent=township)
    organ = UnitFactory(name="县财政局", parent=root)
    return {"root": root, "township": township, "village": village, "organ": organ}


@pytest.fixture
def own_cadre(county):
    return CadreFactory(name="扎西", unit=county["township"])


@pytest.fixture
def other_cadre(county):
    return CadreFactory(name="卓玛", unit=county["village"])


@pytest.fixture
def outside_cadre(county):
    return CadreFactory(name="王建国", unit=county["organ"])


# The roster_people in the official order of a roster (issue 15.4): 县财政局 (排序号 300) before 如龙镇 (700),
# in each unit its leader (局长, 党委书记) before its 科员. By name pinyin (and by primary key: the
# fixture creates them in pinyin order) they would be 阿苦, 白玛, 次仁, 扎西.
ROSTER_ORDER = ["次仁", "白玛", "扎西", "阿苦"]


@pytest.fixture
def roster_people(county):
    """Four cadres of two units with different 排序号, by name: {"阿苦": Cadre, ...} (see ROSTER_ORDER)."""
    township, organ = county["township"], county["organ"]
    return {
        "阿苦": CadreFactory(name="阿苦", unit=township, post_title="科员"),
        "白玛": CadreFactory(name="白玛", unit=organ, post_title="科员"),
        "次仁": CadreFactory(
            name="次仁", unit=organ, post_title="局长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
        ),
        "扎西": CadreFactory(
            name="扎西", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
        ),
    }


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def org_staff(db):
    return UserFactory(username="orgstaff", role=Role.ORG_STAFF)


@pytest.fixture
def unit_hr(county):
    return UserFactory(username="unithr", role=Role.UNIT_HR, units=[county["township"]])


@pytest.fixture
def cadre_user(own_cadre):
    return UserFactory(username="cadre", role=Role.CADRE, cadre=own_cadre)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """``as_user(user)`` gives a logged-in test client (``None`` gives an anonymous one)."""
    return client_for


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in another language (Accept-Language, language cookie) leaves that language active in the
    thread; put the default (zh-hans) back so that later tests see Chinese messages whatever the order."""
    yield
    translation.deactivate()


# ---------------------------------------------------------------- schemathesis: cases run per role (issue 14.9)
# Here rather than in tests/api_fuzz/: with `-n 2` only the main process prints the summary, and it loads this
# file but not the conftest of a folder it never collects. The fuzz test reports through ``user_properties``,
# which pytest-xdist carries back to the main process.

_FUZZ_CASES: dict[str, list[int]] = {}


def pytest_runtest_logreport(report):
    properties = dict(report.user_properties)
    if report.when == "call" and "schemathesis_role" in properties:
        _FUZZ_CASES[properties["schemathesis_role"]] = [
            properties["schemathesis_cases"],
            properties["schemathesis_server_errors"],
        ]


def pytest_terminal_summary(terminalreporter):
    if not _FUZZ_CASES:
        return
    terminalreporter.section("schemathesis: cases run per role")
    for role, (cases, errors) in sorted(_FUZZ_CASES.items()):
        terminalreporter.write_line(f"{role}: {cases} cases, {errors} server errors")
    total_cases = sum(cases for cases, _errors in _FUZZ_CASES.values())
    total_errors = sum(errors for _cases, errors in _FUZZ_CASES.values())
    terminalreporter.write_line(f"total: {total_cases} cases, {total_errors} server errors")
