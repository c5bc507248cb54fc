from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("实践锻炼")

    def ready(self) -> None:
        _register_area()

        from django.urls import reverse

        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from core.worklist import register_work_item
        from postings.views import section_context

        register_cadre_section(
            key="postings", order=30, template="postings/_cadre_section.html", context=section_context
        )
        register_work_item(
            key="posting_ended",
            order=20,
            label=_("锻炼期满"),
            hint=_("实践锻炼今日或此前已到期、仍在岗的，请办理期满、延期或召回。"),
            rows=_postings_due,
            describe=lambda posting: (
                f"{posting.cadre.name} · {posting.get_kind_display()} · "
                + _("到期 %(day)s") % {"day": posting.end.isoformat()},
                reverse("postings:posting_detail", args=[posting.pk]),
            ),
            url=lambda user: reverse("postings:posting_list") + "?status=serving",
        )
        register_cadre_action(
            key="posting",
            order=20,
            label=_("登记锻炼"),
            icon="bi-signpost-2",
            links=cadre_form_link("postings:posting_create"),
        )


def _postings_due(user, today):
    """Serving postings whose (extended) end is today or past: 锻炼期满, computed when read (staff only)."""
    from accounts import policy
    from postings.choices import PostingStatus
    from postings.selectors import posting_list

    if not policy.is_staff(user):
        return None
    return posting_list(user=user).filter(status=PostingStatus.SERVING, end__lte=today).order_by("end", "pk")


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area
    from postings.selectors import open_reminder_count

    register_area(
        "postings",
        [
            NavItem(
                _("实践锻炼名单"), "postings:posting_list", also=("postings:posting_detail", "postings:posting_create")
            ),
            NavItem(_("第一书记"), "postings:first_secretary_list"),
            NavItem(_("村与驻村第一书记"), "postings:village_list", also=("postings:village_edit",)),
            NavItem(_("时间轴"), "postings:timeline_index", also=("postings:unit_timeline",)),
            NavItem(_("即将期满"), "postings:ending_soon"),
            NavItem(_("在岗天数不足"), "postings:low_presence"),
            NavItem(
                _("提醒"),
                "postings:reminder_list",
                badge=lambda user: open_reminder_count(user=user),
                badge_id="posting-reminder-badge",
            ),
            NavItem(_("统计"), "postings:statistics"),
            NavItem(_("Excel导入"), "postings:posting_import"),
        ],
    )
