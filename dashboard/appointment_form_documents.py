"""The 干部任免审批表 drawn three ways from one ``AppointmentForm``: the A4 HTML (print preview and PDF), the PDF
(WeasyPrint, with the CJK font vendored from the npm registry, so no system font is assumed) and an editable
Word file (python-docx), which is what offices pass around and correct. A batch is a zip of either.
"""

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.excel import office_name
from dashboard.appointment_form import AppointmentForm

FAMILY_TABLE_MIN_ROWS = 6  # the customary form always leaves room for six relations
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


def form_filename(form: AppointmentForm, extension: str) -> str:
    """ "干部任免审批表_扎西_5133…1234.docx": the name, and the masked ID number to tell namesakes apart."""
    return f"{_('干部任免审批表')}_{office_name(form.name)}_{form.cadre.masked_id_number[-4:]}.{extension}"


def sheet_context(form: AppointmentForm) -> dict:
    blank = max(0, FAMILY_TABLE_MIN_ROWS - len(form.family))
    return {"form": form, "family_rows": len(form.family) + blank, "blank_family_rows": range(blank)}


def render_sheets_html(forms: Iterable[AppointmentForm]) -> str:
    """The forms' A4 sections, for a page or for the PDF. Each is rendered with autoescaping, so the joined
    HTML is marked safe as a whole (joining strings would otherwise lose the mark and escape it twice)."""
    return mark_safe(
        "".join(render_to_string("dashboard/appointment_form_sheet.html", sheet_context(form)) for form in forms)
    )


# ---------------------------------------------------------------- PDF


def font_path(*, bold: bool = False) -> Path:
    """The vendored CJK font (static/vendor/fonts, copied from the npm package by scripts/vendor_assets.sh)."""
    name = settings.APPOINTMENT_FORM_FONT_BOLD if bold else settings.APPOINTMENT_FORM_FONT
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"{name} is missing from the static files: run scripts/vendor_assets.sh")
    return Path(found)


def render_pdf(forms: Iterable[AppointmentForm]) -> bytes:
    """One PDF of the forms, each starting on a new page, with the CJK font embedded (subset)."""
    import weasyprint  # imported here: Pango is loaded only when a PDF is asked for

    css_path = finders.find("css/appointment_form.css")
    regular, bold = font_path().as_uri(), font_path(bold=True).as_uri()
    document = (
        "<!DOCTYPE html><html lang='zh-Hans'><head><meta charset='utf-8'>"
        "<style>"
        f"@font-face {{ font-family: 'CadreFormSans'; src: url('{regular}'); }}"
        f"@font-face {{ font-family: 'CadreFormSans'; font-weight: bold; src: url('{bold}'); }}"
        "</style>"
        f"<link rel='stylesheet' href='{Path(css_path).as_uri()}'></head><body>"
        f"{render_sheets_html(forms)}</body></html>"
    )
    return weasyprint.HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf()


# ---------------------------------------------------------------- Word


def render_docx(forms: Iterable[AppointmentForm]) -> bytes:
    """An editable Word file with the forms, each on its own pages, laid out as the customary form."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin, section.bottom_margin = Mm(18), Mm(16)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian_font(normal, settings.APPOINTMENT_FORM_WORD_FONT)
    for index, form in enumerate(forms):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _docx_form(document, form)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _east_asian_font(style, name: str) -> None:
    """Set the Chinese (east-Asian) font of a style: Word reads it from w:rFonts/@w:eastAsia."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _docx_form(document, form: AppointmentForm) -> None:
    title = document.add_paragraph()
    title.alignment = 1
    run = title.add_run(_("干部任免审批表"))
    run.bold = True
    run.font.size = Pt(20)

    # Page one: 7 columns, as in the HTML sheet.
    widths = [Mm(w) for w in (21, 25, 18, 25, 23, 30, 36)]
    one = document.add_table(rows=11, cols=7)
    one.style = "Table Grid"
    one.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = one.rows
    _put(cells[0], [_("姓名"), form.name, _("性别"), form.gender, _("出生年月（岁）"), form.birth, _("照片")])
    _put(cells[1], [_("民族"), form.ethnicity, _("籍贯"), form.native_place, _("出生地"), form.native_place])
    _put(cells[2], [_("入党时间"), form.party_join, _("参加工作时间"), form.work_start, _("健康状况"), ""])
    _put(cells[3], [_("专业技术职务"), "", "", _("熟悉专业有何专长"), "", ""])
    one.cell(3, 1).merge(one.cell(3, 2))
    one.cell(3, 4).merge(one.cell(3, 5))
    one.cell(0, 6).merge(one.cell(3, 6))
    for row, label, line in ((4, _("全日制教育"), form.full_time), (5, _("在职教育"), form.in_service)):
        _put(cells[row], ["", label, line.level, "", _("毕业院校系及专业"), line.school_and_major, ""])
        one.cell(row, 2).merge(one.cell(row, 3))
        one.cell(row, 5).merge(one.cell(row, 6))
    one.cell(4, 0).merge(one.cell(5, 0)).text = _("学历学位")
    for row, label, value in (
        (6, _("现任职务"), form.current_post),
        (7, _("拟任职务"), form.proposal.appoint_to),
        (8, _("拟免职务"), form.proposal.remove_from),
    ):
        one.cell(row, 0).merge(one.cell(row, 1)).text = label
        one.cell(row, 2).merge(one.cell(row, 6)).text = value
    one.cell(9, 0).merge(one.cell(10, 0)).text = _("简历")
    resume = one.cell(9, 1).merge(one.cell(10, 6))
    resume.text = "\n".join(form.resume)
    _set_widths(one, widths)
    one.rows[9].height = Mm(110)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Page two: 6 columns.
    family_rows = max(FAMILY_TABLE_MIN_ROWS, len(form.family))
    two = document.add_table(rows=3 + 1 + family_rows + 2, cols=6)
    two.style = "Table Grid"
    two.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, label, value in (
        (0, _("奖惩情况"), form.rewards_and_punishments),
        (1, _("年度考核结果"), form.annual_results),
        (2, _("任免理由"), form.proposal.reason),
    ):
        two.cell(row, 0).text = label
        two.cell(row, 1).merge(two.cell(row, 5)).text = value
    header = 3
    two.cell(header, 0).merge(two.cell(header + family_rows, 0)).text = _("家庭主要成员及重要社会关系")
    _put(two.rows[header], ["", _("称谓"), _("姓名"), _("出生年月（岁）"), _("政治面貌"), _("工作单位及职务")])
    for offset, member in enumerate(form.family, start=1):
        _put(
            two.rows[header + offset],
            ["", member.relation, member.name, member.birth, member.political_status, member.work_unit_and_post],
        )
    last = header + family_rows + 1
    two.cell(last, 0).text = _("呈报单位")
    stamped_on = date_format(form.filled_on, "Y年n月j日")
    two.cell(last, 1).merge(two.cell(last, 5)).text = f"{form.proposal.reporting_unit}\n{_('（盖章）')}　{stamped_on}"
    two.cell(last + 1, 0).text = _("审批机关意见")
    two.cell(last + 1, 1).merge(two.cell(last + 1, 2)).text = f"{_('（盖章）')}\n{_('年　月　日')}"
    two.cell(last + 1, 3).text = _("行政机关任免意见")
    two.cell(last + 1, 4).merge(two.cell(last + 1, 5)).text = f"{_('（盖章）')}\n{_('年　月　日')}"
    _set_widths(two, [Mm(w) for w in (21, 21, 21, 30, 25, 60)])
    for row in (0,):
        two.rows[row].height = Mm(55)
    for row in (1, 2, last, last + 1):
        two.rows[row].height = Mm(22)
    document.add_paragraph(_("填表人："))


def _put(row, values: list[str]) -> None:
    for cell, value in zip(row.cells, values, strict=False):
        if value:
            cell.text = value


def _set_widths(table, widths) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


# ---------------------------------------------------------------- batches


def render_zip(forms: list[AppointmentForm], *, extension: str, on_each=None) -> bytes:
    """A zip with one file per cadre (Word or PDF), named by cadre; namesakes are told apart by ID digits."""
    render = render_docx if extension == "docx" else render_pdf
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for form in forms:
            archive.writestr(form_filename(form, extension), render([form]))
            if on_each is not None:
                on_each()
    return buffer.getvalue()
