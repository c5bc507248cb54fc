"""Admin: every careers model is registered with its history, read-only (writes go through the services)."""

import pytest
from django.urls import reverse

from careers.models import UnfitAdjustmentCase
from tests.careers.factories import (
    AccountabilityRecordFactory,
    AppointmentFactory,
    FaultToleranceCaseFactory,
    RankChangeFactory,
)


@pytest.fixture
def objects(own_cadre):
    record = AccountabilityRecordFactory(cadre=own_cadre)
    return {
        "appointment": AppointmentFactory(cadre=own_cadre),
        "rankchange": RankChangeFactory(cadre=own_cadre),
        "accountabilityrecord": record,
        "unfitadjustmentcase": UnfitAdjustmentCase.objects.create(
            cadre=own_cadre, opened_on="2024-01-01", situations={"health": "x"}
        ),
        "faulttolerancecase": FaultToleranceCaseFactory(record=record),
    }


@pytest.mark.parametrize(
    "model", ["appointment", "rankchange", "accountabilityrecord", "unfitadjustmentcase", "faulttolerancecase"]
)
def test_admin_lists_changes_and_history_render(objects, admin_user, as_user, model):
    client = as_user(admin_user)
    pk = objects[model].pk
    assert client.get(reverse(f"admin:careers_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:careers_{model}_change", args=[pk])).status_code == 200
    assert client.get(reverse(f"admin:careers_{model}_history", args=[pk])).status_code == 200
    assert client.get(reverse(f"admin:careers_{model}_add")).status_code == 403
