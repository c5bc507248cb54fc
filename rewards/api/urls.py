"""REST routes of the rewards app, included by config/api_router.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from rewards.api.views import (
    AwardViewSet,
    BudgetViewSet,
    CandidateViewSet,
    EligibilityView,
    FundViewSet,
    GrantViewSet,
    PromotionEligibilityViewSet,
    RecomputeView,
)

router = SimpleRouter()
router.register("rewards/awards", AwardViewSet, basename="reward-award")
router.register("rewards/candidates", CandidateViewSet, basename="reward-candidate")
router.register("rewards/promotion-eligibility", PromotionEligibilityViewSet, basename="reward-promotion-eligibility")
router.register("rewards/funds", FundViewSet, basename="reward-fund")
router.register("rewards/budgets", BudgetViewSet, basename="reward-budget")
router.register("rewards/grants", GrantViewSet, basename="reward-grant")

urlpatterns = [
    path("rewards/recompute/", RecomputeView.as_view(), name="reward-recompute"),
    path("rewards/eligibility/", EligibilityView.as_view(), name="reward-eligibility"),
    *router.urls,
]
