from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import favicon, health, health_admin, home, worklist_badge, worklist_page

admin.site.site_header = "干部正向激励管理系统 · 管理后台"
admin.site.site_title = "干部正向激励管理系统"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", home, name="home"),
    path("worklist/", worklist_page, name="worklist"),
    path("worklist/count/", worklist_badge, name="worklist_badge"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("cadres/", include("cadres.urls")),
    path("careers/", include("careers.urls")),
    path("training/", include("training.urls")),
    path("postings/", include("postings.urls")),
    path("care/", include("care.urls")),
    path("assessments/", include("assessments.urls")),
    path("rewards/", include("rewards.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("jobs/", include("core.urls")),
    path("favicon.ico", favicon, name="favicon"),
    path("health/", health, name="health"),
    path("admin/health/", health_admin, name="admin_health"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP refuses inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
# No URL serves MEDIA_ROOT, not even with DEBUG: every file there is private (core.private_files).
