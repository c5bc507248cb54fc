from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.careers_home, name="careers_home"),
    path("measures/", views.MeasureList.as_view(), name="measure_list"),
    path("probations/", views.ProbationList.as_view(), name="probation_list"),
    path("investigations/", views.InvestigationList.as_view(), name="investigation_list"),
    path("unfit-cases/", views.UnfitCaseList.as_view(), name="unfit_case_list"),
    path("unfit-cases/<int:pk>/", views.unfit_case_detail, name="unfit_case_detail"),
    path("unfit-cases/<int:pk>/decide/", views.unfit_case_decide, name="unfit_case_decide"),
    path("fault-tolerance/", views.FaultToleranceList.as_view(), name="fault_tolerance_list"),
    path("fault-tolerance/<int:pk>/decide/", views.fault_tolerance_decide, name="fault_tolerance_decide"),
    path("cadres/<int:cadre_id>/", views.cadre_career, name="cadre_career"),
    path("cadres/<int:cadre_id>/appointments/new/", views.appointment_create, name="appointment_create"),
    path("cadres/<int:cadre_id>/rank-changes/new/", views.rank_change_create, name="rank_change_create"),
    path("cadres/<int:cadre_id>/records/new/", views.record_create, name="record_create"),
    path("cadres/<int:cadre_id>/unfit-cases/new/", views.unfit_case_create, name="unfit_case_create"),
    path("records/<int:pk>/revoke/", views.record_revoke, name="record_revoke"),
    path("records/<int:pk>/close/", views.investigation_close, name="investigation_close"),
    path("records/<int:pk>/fault-tolerance/new/", views.fault_tolerance_create, name="fault_tolerance_create"),
    path("appointments/<int:pk>/probation/", views.probation_conclude, name="probation_conclude"),
]
