"""Fixtures of the training tests: a course open for sign-up today, with sessions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.training.factories import CourseFactory, CourseSessionFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def open_course(db, today):
    """Open for sign-up today, 70 学时 in ten 7-hour sessions, 3 seats."""
    course = CourseFactory(
        title="科级干部进修班",
        capacity=3,
        hours=Decimal("70"),
        enrol_opens=today - datetime.timedelta(days=5),
        enrol_closes=today + datetime.timedelta(days=5),
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=19),
    )
    for day in range(10):
        CourseSessionFactory(course=course, date=course.start_date + datetime.timedelta(days=day), hours=Decimal("7"))
    return course
