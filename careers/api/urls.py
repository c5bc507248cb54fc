"""REST routes of the careers app, included by config/api_router.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from careers.api.views import (
    AccountabilityRecordViewSet,
    AppointmentViewSet,
    CadreBarsView,
    FaultToleranceCaseViewSet,
    RankChangeViewSet,
    UnfitCaseViewSet,
)

router = SimpleRouter()
router.register("careers/appointments", AppointmentViewSet, basename="career-appointment")
router.register("careers/rank-changes", RankChangeViewSet, basename="career-rank-change")
router.register("careers/records", AccountabilityRecordViewSet, basename="career-record")
router.register("careers/unfit-cases", UnfitCaseViewSet, basename="career-unfit-case")
router.register("careers/fault-tolerance-cases", FaultToleranceCaseViewSet, basename="career-fault-tolerance-case")

urlpatterns = [
    path("careers/bars/<int:cadre_id>/", CadreBarsView.as_view(), name="career-bars"),
    *router.urls,
]
