from django.urls import path

from cadres import views

app_name = "cadres"

urlpatterns = [
    path("", views.cadre_list, name="cadre_list"),
    path("me/", views.my_record, name="my_record"),
    path("<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("import/", views.import_start, name="import_start"),
]
