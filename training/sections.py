"""The training section of the cadre page and "我的档案": hours summary and recent courses (2 queries)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from training import selectors


def training_section_context(request: HttpRequest, cadre) -> dict:
    return {
        "training_compliance": selectors.compliance_for_cadre(cadre=cadre, on_date=timezone.localdate()),
        "training_recent": selectors.cadre_recent_enrolments(cadre=cadre),
    }


def open_course_links(request: HttpRequest, cadre) -> list[tuple[str, str]]:
    """报名培训 on a cadre's page: the courses open to this cadre today, each opening its enrol form with the
    cadre filled in; the course list when none is open (2 queries)."""
    courses = selectors.open_courses_for_cadre(cadre=cadre, today=timezone.localdate())
    if not courses:
        return [(_("暂无该干部可报名的培训班，查看全部培训班"), reverse("training:course_list"))]
    return [
        (course.title, f"{reverse('training:course_detail', args=[course.pk])}?cadre={cadre.pk}") for course in courses
    ]
