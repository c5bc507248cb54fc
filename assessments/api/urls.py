"""REST routes of the assessment app, included by config/api_router.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from assessments.api import views

router = SimpleRouter()
router.register("assessments/annual-results", views.AnnualResultViewSet, basename="assessment-annual-result")
router.register("assessments/periods", views.PeriodViewSet, basename="assessment-period")
router.register("assessments/scores", views.QuantitativeScoreViewSet, basename="assessment-score")
router.register("assessments/my-tasks", views.RatingTaskViewSet, basename="assessment-my-task")
router.register("assessments/rater-assignments", views.RaterAssignmentViewSet, basename="assessment-rater-assignment")
router.register("assessments/templates", views.TemplateViewSet, basename="assessment-template")
router.register("assessments/regular-assessments", views.RegularAssessmentViewSet, basename="assessment-regular")
router.register("assessments/self-summaries", views.SelfSummaryViewSet, basename="assessment-self-summary")
router.register("assessments/objections", views.ObjectionViewSet, basename="assessment-objection")
router.register("assessments/work-calendar/days", views.WorkCalendarDayViewSet, basename="assessment-calendar-day")
router.register("assessments/work-calendar/years", views.WorkCalendarYearViewSet, basename="assessment-calendar-year")
router.register("assessments/suggestions", views.SuggestionViewSet, basename="assessment-suggestion")

urlpatterns = [
    path("assessments/assessing-unit/", views.AssessingUnitView.as_view(), name="assessment-assessing-unit"),
    path(
        "assessments/assessees/<int:pk>/committee-grade/",
        views.AssesseeCommitteeGradeView.as_view(),
        name="assessment-committee-grade",
    ),
    *router.urls,
]
