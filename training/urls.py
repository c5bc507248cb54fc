from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.CourseList.as_view(), name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/status/", views.course_transition, name="course_transition"),
    path("courses/<int:pk>/sessions/", views.session_create, name="session_create"),
    path("courses/<int:pk>/enrol/", views.enrol_one, name="enrol_one"),
    path("courses/<int:pk>/enrol/bulk/", views.enrol_bulk, name="enrol_bulk"),
    path("courses/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("courses/<int:pk>/attendance/import/", views.attendance_import, name="attendance_import"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("enrolments/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("external/", views.ExternalHoursList.as_view(), name="external_list"),
    path("external/new/", views.external_create, name="external_create"),
    path("external/<int:pk>/review/", views.external_review, name="external_review"),
    path("external/<int:pk>/evidence/", views.external_evidence, name="external_evidence"),
    path("compliance/", views.ComplianceReportList.as_view(), name="compliance_report"),
    path("me/", views.my_training, name="my_training"),
    path("statistics/", views.statistics, name="statistics"),
]
