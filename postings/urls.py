from django.urls import path

from postings import views

app_name = "postings"

urlpatterns = [
    path("", views.PostingList.as_view(), name="posting_list"),
    path("export/", views.PostingList.as_view(export_only=True), name="posting_export"),
    path("new/", views.posting_create, name="posting_create"),
    path("me/", views.my_postings, name="my_postings"),
    path("first-secretaries/", views.FirstSecretaryList.as_view(), name="first_secretary_list"),
    path(
        "first-secretaries/export/", views.FirstSecretaryList.as_view(export_only=True), name="first_secretary_export"
    ),
    path("ending-soon/", views.EndingSoon.as_view(), name="ending_soon"),
    path("low-presence/", views.LowPresence.as_view(), name="low_presence"),
    path("villages/", views.VillageList.as_view(), name="village_list"),
    path("villages/<int:unit_pk>/edit/", views.village_edit, name="village_edit"),
    path("reminders/", views.ReminderList.as_view(), name="reminder_list"),
    path("reminders/<int:pk>/dismiss/", views.ReminderDismiss.as_view(), name="reminder_dismiss"),
    path("statistics/", views.statistics, name="statistics"),
    path("timeline/", views.timeline_index, name="timeline_index"),
    path("units/<int:unit_pk>/timeline/", views.unit_timeline, name="unit_timeline"),
    path("import/", views.posting_import, name="posting_import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.posting_detail, name="posting_detail"),
    path("<int:pk>/extend/", views.posting_action, {"name": "extend"}, name="posting_extend"),
    path("<int:pk>/end/", views.posting_action, {"name": "end"}, name="posting_end"),
    path("<int:pk>/recall/", views.posting_action, {"name": "recall"}, name="posting_recall"),
    path("<int:pk>/evaluate/", views.posting_action, {"name": "evaluate"}, name="posting_evaluate"),
    path("<int:pk>/presence/", views.posting_action, {"name": "presence"}, name="presence_record"),
]
