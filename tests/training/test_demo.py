"""The demo extension: courses a year sized on the seed article, credits that agree with enrolments."""

import io

from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from accounts.models import User
from training.choices import CreditSource, EnrolmentStatus
from training.demo import COURSES_PER_YEAR, YEARS_BACK
from training.models import Course, Enrolment, ExternalHours, TrainingCredit


def test_seed_demo_adds_training_data(db, client):
    out = io.StringIO()
    call_command("seed_demo", cadres=120, seed=5, stdout=out)
    assert Course.objects.count() == COURSES_PER_YEAR * (YEARS_BACK + 1)
    completed = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    course_credits = TrainingCredit.objects.filter(source=CreditSource.COURSE)
    assert completed.count() == course_credits.count() > 0
    assert (
        completed.aggregate(total=Sum("hours_credited"))["total"]
        == course_credits.aggregate(total=Sum("hours"))["total"]
    )
    assert "教育培训" in out.getvalue()
    external = ExternalHours.objects.all()
    assert external.count() == 6  # 2% of 120 cadres, at least six
    assert sorted(external.values_list("status", flat=True)) == ["approved"] * 3 + ["pending"] * 2 + ["rejected"]
    approved = TrainingCredit.objects.filter(source=CreditSource.EXTERNAL)
    assert sorted(approved.values_list("external__status", flat=True)) == ["approved"] * 3
    assert not external.filter(is_online=True).exclude(days=0).exists()
    client.force_login(User.objects.get(username="orgstaff"))
    assert client.get(reverse("training:external_list")).context["total"] == 6
