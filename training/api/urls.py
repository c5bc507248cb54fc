"""REST routes of the training app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

from training.api.views import (
    AttendanceViewSet,
    ComplianceViewSet,
    CourseViewSet,
    EnrolmentViewSet,
    ExternalHoursViewSet,
)

router = SimpleRouter()
router.register("training/courses", CourseViewSet, basename="training-course")
router.register("training/enrolments", EnrolmentViewSet, basename="training-enrolment")
router.register("training/attendance", AttendanceViewSet, basename="training-attendance")
router.register("training/external-hours", ExternalHoursViewSet, basename="training-external-hours")
router.register("training/compliance", ComplianceViewSet, basename="training-compliance")

urlpatterns = [*router.urls]
