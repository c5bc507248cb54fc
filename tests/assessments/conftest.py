"""A small assessed county for the assessment tests: a published template, an annual period with its
assessees and raters generated, and helpers to score and move the period along."""

import datetime
from decimal import Decimal

import pytest

from assessments import services
from assessments.choices import AssignmentStatus, ItemKind, PeriodKind, RaterGroup
from assessments.models import Assessee, IndicatorItem, RaterAssignment
from cadres.choices import LeadershipLevel
from tests.factories import CadreFactory, LeaderFactory, UserFactory

D = datetime.date


@pytest.fixture
def template(org_staff):
    """The general template: a rated item (60) and a quantitative one (40); groups 40/30/20/10."""
    template = services.template_create(actor=org_staff, name="通用考核指标")
    services.template_item_save(actor=org_staff, template=template, name="德能勤绩廉", kind=ItemKind.RATED, weight=60)
    services.template_item_save(
        actor=org_staff, template=template, name="目标绩效", kind=ItemKind.QUANTITATIVE, weight=40
    )
    for group, weight, drop in [
        (RaterGroup.SUPERIOR, 40, False),
        (RaterGroup.PEER, 30, True),
        (RaterGroup.SUBORDINATE, 20, False),
        (RaterGroup.SELF, 10, False),
    ]:
        services.template_rater_group_set(
            actor=org_staff, template=template, group=group, weight=weight, drop_extremes=drop
        )
    return services.template_publish(actor=org_staff, template=template)


@pytest.fixture
def staff_office(county):
    """县财政局 (``county["organ"]``): a chief, a deputy and eight staff."""
    organ = county["organ"]
    chief = LeaderFactory(name="局长甲", unit=organ, leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    deputy = LeaderFactory(name="副局长乙", unit=organ, leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    staff = [CadreFactory(name=f"科员{i}", unit=organ) for i in range(8)]
    return {"chief": chief, "deputy": deputy, "staff": staff}


@pytest.fixture
def annual_period(org_staff, template, staff_office):
    period = services.period_create(actor=org_staff, kind=PeriodKind.ANNUAL, year=2025)
    services.period_generate_assessees(actor=org_staff, period=period)
    return period


def rater_login(cadre):
    return UserFactory(cadre=cadre)


def submit_all(period, score_of, *, quantitative=None, actor=None):
    """Every rater submits: ``score_of(assignment)`` gives the score of each rated item; ``quantitative`` maps
    cadre ids to the quantitative item's score (entered by ``actor``)."""
    users = {}
    for assignment in RaterAssignment.objects.filter(assessee__period=period).select_related("assessee", "rater"):
        user = users.get(assignment.rater_id) or users.setdefault(assignment.rater_id, rater_login(assignment.rater))
        items = IndicatorItem.objects.filter(template_id=assignment.assessee.template_id, kind=ItemKind.RATED)
        scores = {item.pk: score_of(assignment) for item in items}
        services.rating_save(actor=user, assignment=assignment, scores=scores, submit=True)
    for assessee in Assessee.objects.filter(period=period, cadre_id__in=list(quantitative or {})):
        item = IndicatorItem.objects.get(template_id=assessee.template_id, kind=ItemKind.QUANTITATIVE)
        services.quantitative_score_set(
            actor=actor, assessee=assessee, item=item, score=Decimal(quantitative[assessee.cadre_id])
        )
    assert (
        not RaterAssignment.objects.filter(assessee__period=period).exclude(status=AssignmentStatus.SUBMITTED).exists()
    )
