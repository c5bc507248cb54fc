"""Factories of the training area."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from training.choices import CourseKind, CourseStatus
from training.models import Course, CourseSession


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试培训班{n}")
    kind = CourseKind.PARTY_SCHOOL
    organizer = "县委组织部"
    location = "县委党校"
    start_date = datetime.date(2026, 6, 1)
    end_date = datetime.date(2026, 6, 10)
    hours = Decimal("70")
    capacity = 10
    enrol_opens = datetime.date(2026, 1, 1)
    enrol_closes = datetime.date(2026, 5, 31)
    status = CourseStatus.OPEN


class CourseSessionFactory(DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyAttribute(lambda o: o.course.start_date)
    title = factory.Sequence(lambda n: f"第{n}讲")
    hours = Decimal("7")
