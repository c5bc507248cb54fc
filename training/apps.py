from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("教育培训")

    def ready(self) -> None:
        _register_area()

        from django.urls import reverse

        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from core.worklist import register_work_item
        from training.sections import open_course_links, training_section_context

        register_cadre_section(
            key="training", order=30, template="training/_cadre_section.html", context=training_section_context
        )
        register_work_item(
            key="external_hours_pending",
            order=40,
            label=_("外部学时待审核"),
            rows=_external_hours_pending,
            describe=lambda record: (
                f"{record.cadre.name} · {record.title} · {record.hours}" + _("学时"),
                reverse("training:external_list") + "?status=pending",
            ),
            url=lambda user: reverse("training:external_list") + "?status=pending",
        )
        register_cadre_action(
            key="enrol", order=30, label=_("报名培训"), icon="bi-mortarboard", links=open_course_links
        )
        register_cadre_action(
            key="external_hours",
            order=35,
            label=_("登记外部学时"),
            icon="bi-journal-plus",
            links=cadre_form_link("training:external_create"),
        )


def _external_hours_pending(user, today):
    """Hours from elsewhere waiting for review (staff only), oldest first."""
    from accounts import policy
    from training.choices import ExternalHoursStatus
    from training.selectors import external_hours_list

    if not policy.is_staff(user):
        return None
    return (
        external_hours_list(user=user)
        .filter(status=ExternalHoursStatus.PENDING)
        .select_related("cadre")
        .order_by("created_at", "pk")
    )


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "training",
        [
            NavItem(
                _("培训班"),
                "training:course_list",
                also=(
                    "training:course_detail",
                    "training:course_create",
                    "training:course_edit",
                    "training:enrol_bulk",
                ),
            ),
            NavItem(_("外部学时审核"), "training:external_list", also=("training:external_review",)),
            NavItem(_("学时达标情况"), "training:compliance_report"),
            NavItem(_("培训统计"), "training:statistics"),
        ],
    )
