"""REST routes of the postings app, included by config/api_router.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from postings.api.views import PostingStatisticsView, PostingViewSet, ReminderViewSet, VillageViewSet

router = SimpleRouter()
router.register("postings", PostingViewSet, basename="posting")
router.register("posting-villages", VillageViewSet, basename="posting-village")
router.register("posting-reminders", ReminderViewSet, basename="posting-reminder")

urlpatterns = [
    path("posting-statistics/", PostingStatisticsView.as_view(), name="posting-statistics"),
    *router.urls,
]
