from urllib.parse import urlencode

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("关心关爱")

    def ready(self) -> None:
        _register_area()

        from django.urls import reverse
        from django.utils import timezone

        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from care.selectors import own_care
        from core.worklist import register_work_item

        register_cadre_section(
            key="care",
            order=60,
            template="care/_cadre_section.html",
            context=lambda request, cadre: own_care(cadre=cadre, year=timezone.localdate().year),
        )
        register_work_item(
            key="housing_pending",
            order=30,
            label=_("待审核住房申请"),
            rows=_applications_pending,
            describe=lambda application: (
                f"{application.cadre.name} · " + _("申请于 %(day)s") % {"day": application.applied_on.isoformat()},
                f"{reverse('care:application_list')}?{urlencode({'q': application.cadre.name, 'status': 'pending'})}",
            ),
            url=lambda user: reverse("care:application_list") + "?status=pending",
        )
        for key, order, label, icon, url_name in (
            ("leave", 40, _("登记请假"), "bi-calendar-x", "care:leave_create"),
            ("housing", 50, _("住房申请"), "bi-house", "care:application_create"),
            ("health_check", 60, _("体检记录"), "bi-heart-pulse", "care:health_check_create"),
            ("pay", 70, _("工资记录"), "bi-cash-coin", "care:pay_create"),
        ):
            register_cadre_action(key=key, order=order, label=label, icon=icon, links=cadre_form_link(url_name))


def _applications_pending(user, today):
    """Housing applications waiting for a decision (staff only), oldest first."""
    from accounts import policy
    from care.choices import ApplicationStatus
    from care.selectors import application_list

    if not policy.is_staff(user):
        return None
    return application_list(user=user).filter(status=ApplicationStatus.PENDING).order_by("applied_on", "pk")


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "care",
        [
            NavItem(_("周转房入住情况"), "care:housing_overview"),
            NavItem(_("房源"), "care:flat_list", also=("care:flat_create", "care:flat_edit", "care:building_create")),
            NavItem(_("申请与轮候"), "care:application_list", also=("care:application_create",)),
            NavItem(_("入住记录"), "care:tenancy_list", also=("care:tenancy_allocate", "care:tenancy_end")),
            NavItem(
                _("体检记录"), "care:health_check_list", also=("care:health_check_create", "care:health_check_edit")
            ),
            NavItem(_("未体检人员"), "care:health_check_due"),
            NavItem(_("请休假"), "care:leave_record_list", also=("care:leave_create",)),
            NavItem(_("未休年休假"), "care:no_annual_leave"),
            NavItem(_("工资补贴"), "care:pay_record_list", also=("care:pay_create",)),
            NavItem(_("乡镇补贴达标"), "care:township_pay_report"),
            NavItem(
                _("督查检查考核事项"),
                "care:inspection_item_list",
                also=("care:inspection_item_detail", "care:inspection_item_create"),
            ),
        ],
    )
