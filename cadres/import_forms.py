"""The upload form of the cadre and unit import page: what to import, and the file (core.import_flow)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.imports import IMPORT_KINDS
from core.import_flow import ImportFileForm


class ImportUploadForm(ImportFileForm):
    kind = forms.ChoiceField(
        label=_("导入内容"),
        choices=list(IMPORT_KINDS.items()),
        initial="cadres",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    field_order = ["kind", "file"]
