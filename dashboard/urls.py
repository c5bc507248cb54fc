from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/<str:key>/", views.FigureList.as_view(), name="figure_list"),
    path("export/", views.yearly_summary_export, name="yearly_summary_export"),
    path("retirement/", views.RetirementList.as_view(), name="retirement_list"),
    path("appointment-form/<int:cadre_id>/", views.appointment_form, name="appointment_form"),
    path("appointment-forms/", views.appointment_form_batch, name="appointment_form_batch"),
    path("audit/", views.AuditFindingList.as_view(), name="audit_list"),
    path("audit/run/", views.record_audit_run, name="record_audit_run"),
]
