"""Routes of the Excel import pages, included by cadres/urls.py under "import/" (namespace "cadres")."""

from django.urls import path

from cadres import import_views

urlpatterns = [
    path("", import_views.import_start, name="import_start"),
    path("apply/", import_views.import_apply, name="import_apply"),
    path("errors/", import_views.import_errors, name="import_errors"),
    path("result/", import_views.import_result, name="import_result"),
    path("template/cadres/", import_views.import_template_cadres, name="import_template_cadres"),
    path("template/units/", import_views.import_template_units, name="import_template_units"),
]
