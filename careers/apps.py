from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("能上能下")

    def ready(self) -> None:
        _register_area()

        from django.urls import reverse

        from cadres.sections import register_cadre_action, register_cadre_section
        from careers.views import career_section_context
        from core.worklist import register_work_item

        register_cadre_section(
            key="career", order=10, template="careers/_career_section.html", context=career_section_context
        )
        register_work_item(
            key="probation_due",
            order=10,
            label=_("试用期满待考核"),
            hint=_("提拔任职或录用的试用期已满（或今日期满）、尚未作出考核结论的。"),
            rows=_probations_due,
            describe=lambda appointment: (
                f"{appointment.cadre.name} · {appointment.post_title} · "
                + _("试用期至 %(day)s") % {"day": appointment.probation_end.isoformat()},
                reverse("careers:probation_conclude", args=[appointment.pk]),
            ),
            url="careers:probation_list",
        )
        register_cadre_action(
            key="career",
            order=10,
            label=_("任免记录"),
            icon="bi-diagram-3",
            links=lambda request, cadre: [
                (_("任免与职级记录"), reverse("careers:cadre_career", args=[cadre.pk])),
                (_("登记任免"), reverse("careers:appointment_create", args=[cadre.pk])),
                (_("登记职级变动"), reverse("careers:rank_change_create", args=[cadre.pk])),
                (_("登记问责或处分"), reverse("careers:record_create", args=[cadre.pk])),
            ],
        )


def _probations_due(user, today):
    """Promotions whose probation has ended by ``today`` with no conclusion yet (staff only)."""
    from accounts import policy
    from careers.choices import ProbationOutcome
    from careers.selectors import appointment_list

    if not policy.is_staff(user):
        return None
    return (
        appointment_list(user=user)
        .filter(probation_outcome=ProbationOutcome.PENDING, probation_end__lte=today)
        .select_related("cadre")
        .order_by("probation_end", "pk")
    )


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "careers",
        [
            NavItem(_("组织处理与处分"), "careers:measure_list"),
            NavItem(_("试用期将满"), "careers:probation_list", also=("careers:probation_conclude",)),
            NavItem(_("立案审查调查"), "careers:investigation_list", also=("careers:investigation_close",)),
            NavItem(
                _("不适宜担任现职调整"),
                "careers:unfit_case_list",
                also=("careers:unfit_case_detail", "careers:unfit_case_decide", "careers:unfit_case_create"),
            ),
            NavItem(
                _("容错纠错"),
                "careers:fault_tolerance_list",
                also=("careers:fault_tolerance_create", "careers:fault_tolerance_decide"),
            ),
        ],
    )
