from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.careers_home, name="careers_home"),
    path("measures/", views.MeasureList.as_view(), name="measure_list"),
    path("probations/", views.ProbationList.as_view(), name="probation_list"),
    path("investigations/", views.InvestigationList.as_view(), name="investigation_list"),
    path("unfit-cases/", views.UnfitCaseList.as_view(), name="unfit_case_list"),
    path("unfit-cases/<int:pk>/", views.UnfitCaseDetail.as_view(), name="unfit_case_detail"),
    path("unfit-cases/<int:pk>/decide/", views.UnfitCaseDecide.as_view(), name="unfit_case_decide"),
    path("fault-tolerance/", views.FaultToleranceList.as_view(), name="fault_tolerance_list"),
    path("fault-tolerance/<int:pk>/decide/", views.FaultToleranceDecide.as_view(), name="fault_tolerance_decide"),
    path("cadres/<int:cadre_id>/", views.cadre_career, name="cadre_career"),
    path("cadres/<int:pk>/appointments/new/", views.AppointmentCreate.as_view(), name="appointment_create"),
    path("cadres/<int:pk>/rank-changes/new/", views.RankChangeCreate.as_view(), name="rank_change_create"),
    path("cadres/<int:pk>/records/new/", views.RecordCreate.as_view(), name="record_create"),
    path("cadres/<int:pk>/unfit-cases/new/", views.UnfitCaseCreate.as_view(), name="unfit_case_create"),
    path("records/<int:pk>/revoke/", views.RecordRevoke.as_view(), name="record_revoke"),
    path("records/<int:pk>/close/", views.InvestigationClose.as_view(), name="investigation_close"),
    path("records/<int:pk>/fault-tolerance/new/", views.FaultToleranceCreate.as_view(), name="fault_tolerance_create"),
    path("appointments/<int:pk>/probation/", views.ProbationConclude.as_view(), name="probation_conclude"),
]
