"""The demo extension: courses a year sized on the seed article, credits that agree with enrolments."""

import io

from django.core.management import call_command
from django.db.models import Sum

from training.choices import EnrolmentStatus
from training.demo import COURSES_PER_YEAR, YEARS_BACK
from training.models import Course, Enrolment, TrainingCredit


def test_seed_demo_adds_training_data(db):
    out = io.StringIO()
    call_command("seed_demo", cadres=120, seed=5, stdout=out)
    assert Course.objects.count() == COURSES_PER_YEAR * (YEARS_BACK + 1)
    completed = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    assert completed.count() == TrainingCredit.objects.count() > 0
    assert (
        completed.aggregate(total=Sum("hours_credited"))["total"]
        == TrainingCredit.objects.aggregate(total=Sum("hours"))["total"]
    )
    assert "教育培训" in out.getvalue()
