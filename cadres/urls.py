from django.urls import include, path

from cadres import pickers, record_views, views

app_name = "cadres"

urlpatterns = [
    path("", views.CadreList.as_view(), name="cadre_list"),
    path("export/", views.CadreList.as_view(export_only=True), name="roster_export"),
    path("new/", views.CadreFormPage.as_view(), name="cadre_create"),
    path("me/", views.my_record, name="my_record"),
    path("me/corrections/new/", views.correction_create, name="correction_create"),
    path("corrections/", views.CorrectionRequestList.as_view(), name="correction_list"),
    path("corrections/<int:pk>/handle/", views.correction_handle, name="correction_handle"),
    path("pick/", pickers.cadre_pick, name="cadre_pick"),
    path("<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("<int:pk>/edit/", views.CadreFormPage.as_view(), name="cadre_edit"),
    # Family members and education records of a cadre: cadres:family_create, cadres:education_edit, …
    *(
        route
        for kind in record_views.KINDS
        for route in (
            path(f"<int:cadre_id>/{kind}/new/", record_views.record_create, {"kind": kind}, name=f"{kind}_create"),
            path(f"{kind}/<int:pk>/edit/", record_views.record_edit, {"kind": kind}, name=f"{kind}_edit"),
            path(f"{kind}/<int:pk>/delete/", record_views.record_delete, {"kind": kind}, name=f"{kind}_delete"),
        )
    ),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.UnitFormPage.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitCadreList.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitFormPage.as_view(), name="unit_edit"),
    # The Excel import pages (cadres:import_start and its steps) live in their own module.
    path("import/", include("cadres.import_urls")),
]
