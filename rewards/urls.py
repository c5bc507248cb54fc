from django.urls import path

from rewards import views

app_name = "rewards"

urlpatterns = [
    path("", views.rewards_home, name="rewards_home"),
    path("candidates/", views.CandidateList.as_view(), name="candidate_list"),
    path("candidates/decide/", views.candidates_decide, name="candidates_decide"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.recompute_status, name="recompute_status"),
    path("awards/", views.AwardList.as_view(), name="award_list"),
    path("awards/<int:pk>/revoke/", views.award_revoke, name="award_revoke"),
    path("awards/<int:pk>/grant/", views.award_grant, name="award_grant"),
    path("eligibility/", views.EligibilityList.as_view(), name="eligibility_list"),
    path("funds/", views.BudgetList.as_view(), name="budget_list"),
    path("funds/new/", views.fund_create, name="fund_create"),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/", views.BudgetLedger.as_view(), name="budget_ledger"),
    path("budgets/<int:pk>/adjust/", views.budget_adjust, name="budget_adjust"),
    path("grants/", views.GrantList.as_view(), name="grant_list"),
    path("grants/approve/", views.grants_approve, name="grants_approve"),
    path("grants/<int:pk>/pay/", views.grant_pay, name="grant_pay"),
    path("grants/<int:pk>/cancel/", views.grant_cancel, name="grant_cancel"),
    path("cadres/<int:cadre_id>/", views.cadre_rewards, name="cadre_rewards"),
    path("cadres/<int:cadre_id>/awards/new/", views.award_create, name="award_create"),
    path("cadres/<int:cadre_id>/grants/new/", views.grant_create, name="grant_create"),
    path("me/", views.my_rewards, name="my_rewards"),
]
