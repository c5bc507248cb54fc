"""REST routes of the rewards app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

from rewards.api.views import (
    AwardViewSet,
    BudgetViewSet,
    CandidateViewSet,
    FundViewSet,
    GrantViewSet,
    PromotionEligibilityViewSet,
)

router = SimpleRouter()
router.register("rewards/awards", AwardViewSet, basename="reward-award")
router.register("rewards/candidates", CandidateViewSet, basename="reward-candidate")
router.register("rewards/promotion-eligibility", PromotionEligibilityViewSet, basename="reward-promotion-eligibility")
router.register("rewards/funds", FundViewSet, basename="reward-fund")
router.register("rewards/budgets", BudgetViewSet, basename="reward-budget")
router.register("rewards/grants", GrantViewSet, basename="reward-grant")

urlpatterns = [*router.urls]
