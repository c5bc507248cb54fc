from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views.job_run_detail, name="job_run_detail"),
    path("<int:pk>/download/", views.job_run_download, name="job_run_download"),
    path("<int:pk>/restart/", views.job_run_restart, name="job_run_restart"),
]
