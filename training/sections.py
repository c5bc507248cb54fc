"""The training section of the cadre page and "我的档案": hours summary and recent courses (2 queries)."""

from django.http import HttpRequest
from django.utils import timezone

from training import selectors


def training_section_context(request: HttpRequest, cadre) -> dict:
    return {
        "training_compliance": selectors.compliance_for_cadre(cadre=cadre, on_date=timezone.localdate()),
        "training_recent": selectors.cadre_recent_enrolments(cadre=cadre),
    }
