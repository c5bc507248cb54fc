"""The daily beat job: starts and completes postings by their dates, raises reminders, and is idempotent."""

import datetime

from django.conf import settings
from django.test import override_settings

from core.models import JobRun
from postings import services
from postings.choices import PostingKind, PostingStatus, ReminderKind
from postings.models import Posting, PostingReminder
from postings.tasks import postings_daily
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory, PresenceFactory

D = datetime.date
TODAY = D(2026, 11, 24)


def _state():
    postings = list(Posting.objects.order_by("pk").values_list("pk", "status", "actual_end"))
    reminders = list(PostingReminder.objects.order_by("pk").values_list("posting_id", "kind", "period", "raised_on"))
    return postings, reminders


def _scenario(county):
    cadres = [CadreFactory(unit=county["organ"]) for _ in range(5)]
    return {
        "due": PostingFactory(
            cadre=cadres[0], status=PostingStatus.PLANNED, planned_start=D(2026, 11, 24), planned_end=D(2027, 11, 23)
        ),
        "not_yet": PostingFactory(
            cadre=cadres[1], status=PostingStatus.PLANNED, planned_start=D(2026, 11, 25), planned_end=D(2027, 11, 23)
        ),
        "ended": PostingFactory(cadre=cadres[2], planned_start=D(2025, 11, 1), planned_end=D(2026, 11, 23)),
        "ends_early": PostingFactory(
            cadre=cadres[3], planned_start=D(2025, 11, 1), planned_end=D(2027, 10, 31), actual_end=D(2026, 11, 20)
        ),
        "ending_soon": PostingFactory(
            cadre=cadres[4],
            kind=PostingKind.FIRST_SECRETARY,
            front_line="",
            host_unit=county["village"],
            planned_start=D(2024, 12, 1),
            planned_end=D(2026, 12, 20),
        ),
    }


def test_daily_job_starts_completes_and_raises_reminders(county):
    # given
    postings = _scenario(county)
    PresenceFactory(posting=postings["ending_soon"], month=D(2026, 10, 1), days=10)
    # when
    result = services.postings_daily_run(today=TODAY)
    # then
    status = dict(Posting.objects.values_list("pk", "status"))
    assert result.as_dict() == {"started": 1, "completed": 2, "reminders": 4}
    assert status[postings["due"].pk] == PostingStatus.SERVING
    assert status[postings["not_yet"].pk] == PostingStatus.PLANNED
    assert status[postings["ended"].pk] == PostingStatus.COMPLETED
    assert Posting.objects.get(pk=postings["ended"].pk).actual_end == D(2026, 11, 23)
    assert Posting.objects.get(pk=postings["ends_early"].pk).actual_end == D(2026, 11, 20)
    reminders = set(PostingReminder.objects.values_list("posting_id", "kind", "period"))
    assert reminders == {
        (postings["ended"].pk, ReminderKind.ENDED, D(2026, 11, 23)),
        (postings["ends_early"].pk, ReminderKind.ENDED, D(2026, 11, 20)),
        (postings["ending_soon"].pk, ReminderKind.ENDING_SOON, D(2026, 12, 20)),
        # October 2026 has 22 working days: 2/3 is 14.67, so 15 days; 10 recorded
        (postings["ending_soon"].pk, ReminderKind.LOW_PRESENCE, D(2026, 10, 1)),
    }


def test_running_the_daily_job_twice_changes_nothing_the_second_time(county):
    _scenario(county)
    services.postings_daily_run(today=TODAY)
    after_first = _state()
    second = services.postings_daily_run(today=TODAY)
    assert second.as_dict() == {"started": 0, "completed": 0, "reminders": 0}
    assert _state() == after_first


def test_an_extension_after_a_reminder_raises_a_new_one_for_the_new_end(county, org_staff, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    posting = _scenario(county)["ending_soon"]
    services.postings_daily_run(today=TODAY)
    services.posting_extend(actor=org_staff, posting=posting, new_end=D(2026, 12, 22), reason="交接")
    assert services.postings_daily_run(today=TODAY).reminders == 1
    assert list(
        PostingReminder.objects.filter(posting=posting, kind=ReminderKind.ENDING_SOON)
        .order_by("period")
        .values_list("period", flat=True)
    ) == [D(2026, 12, 20), D(2026, 12, 22)]


def test_daily_job_hands_over_from_an_ended_posting_to_the_next_one_the_same_day(county):
    cadre = CadreFactory(unit=county["organ"])
    ended = PostingFactory(cadre=cadre, planned_start=D(2026, 1, 1), planned_end=D(2026, 11, 23))
    following = PostingFactory(
        cadre=cadre,
        kind=PostingKind.TEMPORARY_POST,
        front_line="",
        host_unit=county["township"],
        status=PostingStatus.PLANNED,
        planned_start=D(2026, 11, 24),
        planned_end=D(2027, 5, 31),
    )
    assert services.postings_daily_run(today=TODAY).as_dict()["started"] == 1
    assert list(
        Posting.objects.filter(pk__in=[ended.pk, following.pk]).order_by("pk").values_list("status", flat=True)
    ) == [
        PostingStatus.COMPLETED,
        PostingStatus.SERVING,
    ]


def test_daily_job_completes_a_planned_posting_whose_whole_term_passed_unnoticed(county):
    posting = PostingFactory(
        cadre=CadreFactory(unit=county["organ"]),
        status=PostingStatus.PLANNED,
        planned_start=D(2026, 10, 1),
        planned_end=D(2026, 10, 31),
    )
    services.postings_daily_run(today=TODAY)
    posting.refresh_from_db()
    assert (posting.status, posting.actual_end) == (PostingStatus.COMPLETED, D(2026, 10, 31))


@override_settings(POSTINGS_PRESENCE_MIN_RATIO="1/3")
def test_presence_ratio_is_a_setting(county):
    posting = _scenario(county)["ending_soon"]
    PresenceFactory(posting=posting, month=D(2026, 10, 1), days=10)
    services.postings_daily_run(today=TODAY)
    assert not PostingReminder.objects.filter(kind=ReminderKind.LOW_PRESENCE).exists()
    assert settings.POSTINGS_PRESENCE_MIN_RATIO == "1/3"


def test_beat_task_records_a_job_run(county, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    _scenario(county)
    summary = postings_daily.delay().get()
    job = JobRun.objects.get(kind="postings_daily")
    assert summary == {"started": 1, "completed": 2, "reminders": 4}
    assert (job.status, job.summary) == (JobRun.Status.SUCCEEDED, summary)


def test_beat_schedule_runs_the_job_daily_at_half_past_one():
    entry = settings.CELERY_BEAT_SCHEDULE["postings-daily"]
    assert entry["task"] == "postings.tasks.postings_daily"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {30})
