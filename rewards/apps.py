from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("考核结果运用与奖励")

    def ready(self) -> None:
        _register_area()

        from cadres.sections import register_cadre_section
        from core.worklist import register_work_item
        from rewards.views import rewards_section_context

        register_cadre_section(
            key="rewards", order=50, template="rewards/_cadre_section.html", context=rewards_section_context
        )
        register_work_item(
            key="award_candidates",
            order=60,
            label=_("待审批奖励人选"),
            hint=_("考核结果运用计算出的嘉奖、记功人选，经审批后生成奖励。"),
            rows=_candidates_pending,
            describe=lambda candidate: (
                f"{candidate.cadre.name} · {candidate.get_kind_display()}",
                f"{reverse('rewards:candidate_list')}?status=pending",
            ),
            url=lambda user: reverse("rewards:candidate_list") + "?status=pending",
        )


def _candidates_pending(user, today):
    """Award candidates waiting for approval, not blocked (staff only)."""
    from accounts import policy
    from rewards.choices import CandidateStatus
    from rewards.selectors import candidate_list

    if not policy.is_staff(user):
        return None
    return (
        candidate_list(user=user)
        .filter(status=CandidateStatus.PENDING, blocked=False)
        .select_related("cadre")
        .order_by("computed_on", "pk")
    )


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "rewards",
        [
            NavItem(_("奖励候选"), "rewards:candidate_list", also=("rewards:recompute_status",)),
            NavItem(_("奖励"), "rewards:award_list", also=("rewards:award_create", "rewards:award_revoke")),
            NavItem(_("职级晋升资格"), "rewards:eligibility_list", query="eligible=true"),
            NavItem(_("优先晋升职级人选"), "rewards:eligibility_list", query="priority=true"),
            NavItem(
                _("专项基金"),
                "rewards:budget_list",
                also=("rewards:budget_ledger", "rewards:fund_create", "rewards:budget_create", "rewards:budget_adjust"),
            ),
            NavItem(_("专项基金拨付"), "rewards:grant_list", also=("rewards:grant_create", "rewards:award_grant")),
        ],
    )
