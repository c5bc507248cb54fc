"""REST routes of the careers app, included by config/api_router.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = [*router.urls]
