from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("干部档案")

    def ready(self) -> None:
        _register_area()

        from cadres.record_views import education_section_context, family_section_context
        from cadres.sections import register_cadre_section
        from core.worklist import register_work_item

        register_cadre_section(
            key="education", order=5, template="cadres/_education_section.html", context=education_section_context
        )
        register_cadre_section(
            key="family", order=95, template="cadres/_family_section.html", context=family_section_context
        )
        register_work_item(
            key="correction_pending",
            order=70,
            label=_("待处理更正申请"),
            rows=_corrections_pending,
            describe=lambda correction: (
                f"{correction.cadre.name} · {correction.get_item_display()}",
                reverse("cadres:correction_handle", args=[correction.pk]),
            ),
            url=lambda user: reverse("cadres:correction_list") + "?status=pending",
        )


def _corrections_pending(user, today):
    """The pending correction requests of the cadres the staff user may change (None for a cadre)."""
    from accounts import policy
    from cadres.choices import CorrectionStatus
    from cadres.selectors import correction_request_list

    if not policy.is_staff(user):
        return None
    return correction_request_list(user=user).filter(status=CorrectionStatus.PENDING).order_by("created_at", "pk")


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "cadres",
        [
            NavItem(
                _("干部名册"),
                "cadres:cadre_list",
                also=("cadres:cadre_detail", "cadres:cadre_create", "cadres:cadre_edit"),
            ),
            NavItem(
                _("单位"), "cadres:unit_tree", also=("cadres:unit_detail", "cadres:unit_create", "cadres:unit_edit")
            ),
            NavItem(
                _("Excel导入"),
                "cadres:import_start",
                also=("cadres:import_apply", "cadres:import_errors", "cadres:import_result"),
            ),
            NavItem(_("更正申请"), "cadres:correction_list", also=("cadres:correction_handle",)),
        ],
    )
