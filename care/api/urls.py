"""REST routes of the care app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

from care.api import views

router = SimpleRouter()
router.register("care/buildings", views.BuildingViewSet, basename="care-building")
router.register("care/flats", views.FlatViewSet, basename="care-flat")
router.register("care/housing-applications", views.HousingApplicationViewSet, basename="care-application")
router.register("care/tenancies", views.TenancyViewSet, basename="care-tenancy")
router.register("care/health-checks", views.HealthCheckViewSet, basename="care-health-check")
router.register("care/leave-records", views.LeaveRecordViewSet, basename="care-leave")
router.register("care/pay-records", views.PayRecordViewSet, basename="care-pay")
router.register("care/inspection-items", views.InspectionItemViewSet, basename="care-inspection-item")

urlpatterns = [*router.urls]
