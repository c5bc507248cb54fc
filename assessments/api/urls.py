"""REST routes of the assessment app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

from assessments.api.views import AnnualResultViewSet

router = SimpleRouter()
router.register("assessments/annual-results", AnnualResultViewSet, basename="assessment-annual-result")

urlpatterns = [*router.urls]
