from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("retirement/", views.RetirementList.as_view(), name="retirement_list"),
]
