"""The upload form of the Excel import page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadres.imports import IMPORT_KINDS

IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"),
        choices=list(IMPORT_KINDS.items()),
        initial="cadres",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    file = forms.FileField(
        label=_("Excel文件"),
        help_text=_("仅支持 .xlsx 格式；请先下载模板，按模板填写。"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 Excel（.xlsx）文件；.xls、.csv 等格式请先在 Excel 中另存为 .xlsx。"))
        if upload.size > IMPORT_MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大：最大 20 MB。"))
        return upload
