from django.urls import path

from care import views

app_name = "care"

urlpatterns = [
    path("", views.care_home, name="care_home"),
    path("me/", views.my_care, name="my_care"),
    path("housing/", views.HousingOverview.as_view(), name="housing_overview"),
    path("housing/flats/", views.FlatList.as_view(), name="flat_list"),
    path("housing/flats/new/", views.flat_create, name="flat_create"),
    path("housing/flats/<int:pk>/edit/", views.flat_edit, name="flat_edit"),
    path("housing/buildings/new/", views.building_create, name="building_create"),
    path("housing/applications/", views.ApplicationList.as_view(), name="application_list"),
    path("housing/applications/new/", views.application_create, name="application_create"),
    path(
        "housing/applications/<int:pk>/<str:action>/",
        views.application_decide,
        name="application_decide",
    ),
    path("housing/tenancies/", views.TenancyList.as_view(), name="tenancy_list"),
    path("housing/tenancies/new/", views.tenancy_allocate, name="tenancy_allocate"),
    path("housing/tenancies/<int:pk>/end/", views.tenancy_end, name="tenancy_end"),
    path("health-checks/", views.HealthCheckList.as_view(), name="health_check_list"),
    path("health-checks/due/", views.HealthCheckDue.as_view(), name="health_check_due"),
    path("health-checks/new/", views.health_check_create, name="health_check_create"),
    path("health-checks/<int:pk>/edit/", views.health_check_edit, name="health_check_edit"),
    path("leave/", views.LeaveRecordList.as_view(), name="leave_record_list"),
    path("leave/new/", views.leave_create, name="leave_create"),
    path("leave/none-taken/", views.NoAnnualLeave.as_view(), name="no_annual_leave"),
    path("pay/", views.PayRecordList.as_view(), name="pay_record_list"),
    path("pay/new/", views.pay_create, name="pay_create"),
    path("pay/township-report/", views.TownshipPayReport.as_view(), name="township_pay_report"),
    path("inspections/", views.InspectionItemList.as_view(), name="inspection_item_list"),
    path(
        "inspections/counts/export/", views.InspectionCounts.as_view(export_only=True), name="inspection_counts_export"
    ),
    path("inspections/new/", views.inspection_item_create, name="inspection_item_create"),
    path("inspections/<int:pk>/", views.inspection_item_detail, name="inspection_item_detail"),
]
