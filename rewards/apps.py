from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("考核结果运用与奖励")

    def ready(self) -> None:
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
