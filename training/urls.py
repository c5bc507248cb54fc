from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.CourseList.as_view(), name="course_list"),
    path("courses/new/", views.CourseFormPage.as_view(), name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseFormPage.as_view(), name="course_edit"),
    path("courses/<int:pk>/status/", views.CourseTransition.as_view(), name="course_transition"),
    path("courses/<int:pk>/sessions/", views.SessionCreate.as_view(), name="session_create"),
    path("courses/<int:pk>/enrol/", views.EnrolOne.as_view(), name="enrol_one"),
    path("courses/<int:pk>/enrol/bulk/", views.enrol_bulk, name="enrol_bulk"),
    path("courses/<int:pk>/sign-up/", views.SignUp.as_view(), name="sign_up"),
    path("courses/<int:pk>/attendance/import/", views.attendance_import, name="attendance_import"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("enrolments/<int:pk>/withdraw/", views.EnrolmentWithdraw.as_view(), name="enrolment_withdraw"),
    path("enrolments/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("external/", views.ExternalHoursList.as_view(), name="external_list"),
    path("external/new/", views.external_create, name="external_create"),
    path("external/<int:pk>/review/", views.ExternalReview.as_view(), name="external_review"),
    path("external/<int:pk>/evidence/", views.external_evidence, name="external_evidence"),
    path("compliance/", views.ComplianceReportList.as_view(), name="compliance_report"),
    path("me/", views.my_training, name="my_training"),
    path("statistics/", views.statistics, name="statistics"),
]
