from django.urls import path, re_path

from care import views

app_name = "care"

urlpatterns = [
    path("", views.care_home, name="care_home"),
    path("me/", views.my_care, name="my_care"),
    path("housing/", views.HousingOverview.as_view(), name="housing_overview"),
    path("housing/flats/", views.FlatList.as_view(), name="flat_list"),
    path("housing/flats/new/", views.FlatCreate.as_view(), name="flat_create"),
    path("housing/flats/<int:pk>/edit/", views.FlatEdit.as_view(), name="flat_edit"),
    path("housing/buildings/new/", views.BuildingCreate.as_view(), name="building_create"),
    path("housing/applications/", views.ApplicationList.as_view(), name="application_list"),
    path("housing/applications/new/", views.ApplicationCreate.as_view(), name="application_create"),
    re_path(
        r"^housing/applications/(?P<pk>[0-9]+)/(?P<action>approve|reject|withdraw)/$",
        views.ApplicationDecide.as_view(),
        name="application_decide",
    ),
    path("housing/tenancies/", views.TenancyList.as_view(), name="tenancy_list"),
    path("housing/tenancies/new/", views.TenancyAllocate.as_view(), name="tenancy_allocate"),
    path("housing/tenancies/<int:pk>/end/", views.TenancyEnd.as_view(), name="tenancy_end"),
    path("health-checks/", views.HealthCheckList.as_view(), name="health_check_list"),
    path("health-checks/due/", views.HealthCheckDue.as_view(), name="health_check_due"),
    path("health-checks/new/", views.HealthCheckCreate.as_view(), name="health_check_create"),
    path("health-checks/<int:pk>/edit/", views.HealthCheckEdit.as_view(), name="health_check_edit"),
    path("leave/", views.LeaveRecordList.as_view(), name="leave_record_list"),
    path("leave/new/", views.LeaveCreate.as_view(), name="leave_create"),
    path("leave/none-taken/", views.NoAnnualLeave.as_view(), name="no_annual_leave"),
    path("pay/", views.PayRecordList.as_view(), name="pay_record_list"),
    path("pay/new/", views.PayCreate.as_view(), name="pay_create"),
    path("pay/township-report/", views.TownshipPayReport.as_view(), name="township_pay_report"),
    path("inspections/", views.InspectionItemList.as_view(), name="inspection_item_list"),
    path(
        "inspections/counts/export/", views.InspectionCounts.as_view(export_only=True), name="inspection_counts_export"
    ),
    path("inspections/new/", views.InspectionItemCreate.as_view(), name="inspection_item_create"),
    path("inspections/<int:pk>/", views.inspection_item_detail, name="inspection_item_detail"),
]
