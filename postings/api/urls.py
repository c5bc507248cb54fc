"""REST routes of the postings app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = [*router.urls]
