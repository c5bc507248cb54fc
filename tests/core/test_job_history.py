"""Acceptance 10.4: every job and bulk service leaves history rows that name their actor.

Each test runs one job or bulk service and counts the history rows it wrote, with their actor and reason.
"""

import datetime

from django.test import override_settings
from django.utils import timezone

from care.models import HousingApplication
from care.services import application_rescore
from core.history import system_actor
from postings.choices import PostingStatus
from postings.models import Posting, PostingReminder
from postings.tasks import postings_daily
from tests.care.factories import HousingApplicationFactory
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory


def test_the_postings_daily_beat_job_records_each_change_with_the_system_actor(county):
    today = timezone.localdate()
    due = [
        PostingFactory(
            cadre=CadreFactory(unit=county["township"]),
            status=PostingStatus.PLANNED,
            planned_start=today - datetime.timedelta(days=1),
            planned_end=today + datetime.timedelta(days=400),
        )
        for _n in range(3)
    ]
    ended = PostingFactory(
        cadre=CadreFactory(unit=county["township"]),
        planned_start=today - datetime.timedelta(days=400),
        planned_end=today - datetime.timedelta(days=2),
    )

    summary = postings_daily.apply().get()

    system = system_actor()
    changes = Posting.history.filter(history_type="~").order_by("id")
    assert (summary["started"], summary["completed"]) == (3, 1)
    assert sorted((row.id, row.status, row.history_user_id) for row in changes) == sorted(
        [(p.pk, PostingStatus.SERVING, system.pk) for p in due] + [(ended.pk, PostingStatus.COMPLETED, system.pk)]
    )
    assert {row.history_change_reason for row in changes} == {"每日实践锻炼状态更新"}
    assert changes.get(id=ended.pk).actual_end == ended.planned_end
    reminders = PostingReminder.history.all()
    assert reminders.count() == PostingReminder.objects.count() >= 1
    assert {row.history_user_id for row in reminders} == {system.pk}


def test_a_second_daily_run_changes_nothing_and_records_nothing(county):
    today = timezone.localdate()
    PostingFactory(cadre=CadreFactory(unit=county["township"]), status=PostingStatus.PLANNED, planned_start=today)
    postings_daily.apply()
    rows_after_first = Posting.history.count()

    postings_daily.apply()

    assert Posting.history.count() == rows_after_first


def test_the_housing_rescore_records_each_changed_application_with_the_org_staff_who_ran_it(org_staff, county):
    applications = [
        HousingApplicationFactory(cadre=CadreFactory(unit=county["township"]), township_post=True) for _n in range(3)
    ]
    unchanged_history = HousingApplication.history.count()
    weights = {
        "township_post": 40,
        "first_secretary": 20,
        "per_10km_distance": 2,
        "distance_cap": 20,
        "spouse_elsewhere": 10,
        "dependent_children": 5,
        "family_hardship": 10,
    }

    with override_settings(CARE_HOUSING_PRIORITY_WEIGHTS=weights):
        changed = application_rescore(actor=org_staff)

    rows = HousingApplication.history.order_by("history_id")[unchanged_history:]
    assert changed == 3
    assert sorted((row.id, row.history_user_id, row.history_change_reason) for row in rows) == sorted(
        (a.pk, org_staff.pk, "按现行权重重新计分") for a in applications
    )


def test_history_rows_of_a_service_name_its_actor_outside_any_request(org_staff, other_cadre):
    from postings.services import posting_create

    posting = posting_create(
        actor=org_staff,
        data={
            "cadre": other_cadre,
            "kind": "front_line",
            "front_line": "rural_grassroots",
            "host_unit": other_cadre.unit.parent,
            "planned_start": datetime.date(2030, 1, 1),
            "planned_end": datetime.date(2031, 1, 1),
        },
    )

    assert [(row.history_type, row.history_user_id) for row in posting.history.all()] == [("+", org_staff.pk)]
