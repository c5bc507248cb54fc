"""Every REST route, in one place. Each app contributes its viewsets here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, TokenObtainView
from cadres.api.correction_views import CorrectionRequestViewSet
from cadres.api.import_views import ImportView
from cadres.api.record_views import EducationRecordViewSet, FamilyMemberViewSet
from cadres.api.views import CadreViewSet, UnitViewSet
from core.api.jobs import JobRunView

app_name = "api"

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("family-members", FamilyMemberViewSet, basename="family-member")
router.register("education-records", EducationRecordViewSet, basename="education-record")
router.register("correction-requests", CorrectionRequestViewSet, basename="correction-request")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("jobs/<int:pk>/", JobRunView.as_view(), name="job-run"),
    # Before the router, whose cadres/{id}/ route would otherwise take "import".
    path("cadres/import/", ImportView.as_view(), name="cadre-import"),
    *router.urls,
    path("", include("careers.api.urls")),
    path("", include("training.api.urls")),
    path("", include("postings.api.urls")),
    path("", include("care.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("rewards.api.urls")),
]
