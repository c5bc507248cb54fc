"""The demo county's record audit: run once by seed_demo, over records whose post dates agree with their
appointments (careers.demo.post_dates_from_appointments)."""

import datetime
import random

import pytest

from careers.choices import AppointmentKind
from careers.demo import post_dates_from_appointments
from core.models import JobRun
from dashboard import demo, services
from dashboard.choices import AuditRule
from dashboard.models import AuditFinding
from tests.careers.factories import AppointmentFactory
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def hired(cadre, on: datetime.date):
    """The cadre's 录用 as 科员 on ``on``."""
    return AppointmentFactory(cadre=cadre, kind=AppointmentKind.HIRE, post_title="科员", effective_date=on)


def test_a_record_without_its_post_date_takes_the_date_of_the_appointment_to_that_post():
    clerk = CadreFactory(post_title="科员", post_date=None)
    AppointmentFactory(
        cadre=clerk, kind=AppointmentKind.HIRE, post_title="科员", effective_date=datetime.date(2010, 7, 1)
    )
    section_head = CadreFactory(post_title="股长", post_date=None)
    hired(section_head, datetime.date(2012, 8, 1))
    dated = CadreFactory(post_title="科员", post_date=datetime.date(2020, 1, 1))
    AppointmentFactory(
        cadre=dated, kind=AppointmentKind.HIRE, post_title="科员", effective_date=datetime.date(2011, 9, 1)
    )

    assert post_dates_from_appointments() == 1

    clerk.refresh_from_db()
    section_head.refresh_from_db()
    dated.refresh_from_db()
    assert clerk.post_date == datetime.date(2010, 7, 1)
    assert section_head.post_date is None  # no appointment to 股长 on record: the audit's finding stands
    assert dated.post_date == datetime.date(2020, 1, 1)  # a date on the record is never overwritten


def test_the_demo_runs_the_record_audit_once_as_a_recorded_job():
    section_head = CadreFactory(post_title="股长", post_date=None)
    hired(section_head, datetime.date(2012, 8, 1))

    summary = demo.seed(rng=random.Random(1), cadres_count=1)

    job = JobRun.objects.get(kind=services.RECORD_AUDIT_KIND)
    assert job.status == JobRun.Status.SUCCEEDED
    # the audit covers every serving cadre in the database (other tests' county may be there too)
    assert summary["findings"] == AuditFinding.objects.count()
    found = AuditFinding.objects.filter(cadre=section_head, rule=AuditRule.POST_DISAGREES).values_list("message")
    assert list(found) == [("档案现任职务为“股长”（—），最近任免记录为“科员”（2012-08-01）。",)]
