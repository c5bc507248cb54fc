"""The care demo extension writes data the rules accept: one current tenant per flat, leave within the
balance, the register cut from 32 items to 12, each row with its history."""

import random

from django.db.models import Count

from accounts.models import Role
from care import demo, selectors
from care.choices import FlatStatus
from care.models import Flat, InspectionItem, LeaveRecord, PayRecord, Tenancy
from tests.factories import CadreFactory, UserFactory


def test_demo_seed_writes_consistent_care_data_with_history(county, settings):
    settings.CARE_LEAVE_LEDGER_START_YEAR = demo.REFERENCE_DATE.year - 1
    for _ in range(30):
        CadreFactory(unit=county["township"])
    for _ in range(10):
        CadreFactory(unit=county["organ"])

    demo.seed(rng=random.Random(1), cadres_count=40, stdout=None)

    assert Flat.objects.count() == 20
    current = Tenancy.objects.filter(end_date__isnull=True)
    assert not current.values("flat").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert set(Flat.objects.filter(tenancies__in=current).values_list("status", flat=True)) <= {FlatStatus.OCCUPIED}
    assert Tenancy.history.count() == Tenancy.objects.count()
    org_staff = UserFactory(role=Role.ORG_STAFF)
    counts = {row["year"]: (row["total"], row["active"]) for row in selectors.inspection_counts_by_year(user=org_staff)}
    current = demo.REFERENCE_DATE.year
    recent = dict.fromkeys(range(2021, current), (13, 12)) | {current: (12, 12)}
    assert counts == {2018: (32, 32), 2019: (32, 22), 2020: (30, 12)} | recent
    assert InspectionItem.history.count() == InspectionItem.objects.count() == 94 + 13 * (current - 2021) + 12
    demo.delete()
    assert not InspectionItem.objects.exists()
    rows = selectors.leave_overview(cadres=selectors.Cadre.objects.all(), year=demo.REFERENCE_DATE.year)
    assert all(row.summary.balance >= 0 for row in rows)
    assert LeaveRecord.objects.exists()
    assert PayRecord.objects.filter(base_pay__lt=0).count() == 0
    assert PayRecord.objects.values("month").distinct().count() == 3
