from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.PeriodList.as_view(), name="period_list"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/transition/", views.period_transition, name="period_transition"),
    path("periods/<int:pk>/generate/", views.period_generate, name="period_generate"),
    path("periods/<int:pk>/recompute/", views.period_recompute, name="period_recompute"),
    path("periods/<int:pk>/pools/<int:unit_id>/quota/", views.pool_quota, name="pool_quota"),
    path("periods/<int:pk>/proposals/", views.ProposalList.as_view(), name="proposal_list"),
    path("periods/<int:pk>/objections/new/", views.objection_create, name="objection_create"),
    path("periods/<int:pk>/scores/import/", views.scores_import, name="scores_import"),
    path("objections/<int:pk>/handle/", views.objection_handle, name="objection_handle"),
    path("assessees/<int:pk>/committee/", views.committee_grade, name="committee_grade"),
    path("results/", views.AnnualResultList.as_view(), name="result_list"),
    path("results/import/", views.historic_results_import, name="results_import"),
    path("cadres/<int:cadre_id>/results/new/", views.historic_result_create, name="historic_result_create"),
    path("suggestions/", views.SuggestionList.as_view(), name="suggestion_list"),
    path("suggestions/<int:pk>/handle/", views.SuggestionHandle.as_view(), name="suggestion_handle"),
    path("calendar/", views.work_calendar, name="work_calendar"),
    path("tasks/", views.RatingTaskList.as_view(), name="rating_task_list"),
    path("tasks/<int:pk>/", views.rating_task, name="rating_task"),
    path("periods/<int:pk>/self-summary/", views.self_summary, name="self_summary"),
    path("me/", views.my_assessment, name="my_assessment"),
]
