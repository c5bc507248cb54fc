"""Excel in and out, shared by every app: streaming export, template download, and atomic imports.

Export: ``write_xlsx`` streams rows with openpyxl's write-only mode (flat memory at 100k rows);
``xlsx_response`` wraps a small export in an HTTP download.

Import: ``read_xlsx_rows`` turns a sheet into (row number, {field: value}) pairs by its header row, and
``run_import`` validates every row, reports every bad row with its reason, and applies all rows or none.
"""

import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.datetime import from_excel

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20000


# ---------------------------------------------------------------- export


def write_xlsx(
    *,
    file_obj: IO[bytes],
    sheet_title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = 2000,
) -> int:
    """Write a header row and ``rows`` to ``file_obj``; return the number of data rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    written = pending = 0
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
        written += 1
        pending += 1
        if on_batch and pending == batch_size:
            on_batch(pending)
            pending = 0
    if on_batch and pending:
        on_batch(pending)
    workbook.save(file_obj)
    return written


def xlsx_response(*, filename: str, sheet_title: str, headers: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    """An Excel download of a small table (reports, lists already bounded by their filters)."""
    buffer = io.BytesIO()
    write_xlsx(file_obj=buffer, sheet_title=sheet_title, headers=headers, rows=rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def template_response(
    *,
    filename: str,
    sheet_title: str,
    headers: list[str],
    example_rows: list[list[Any]],
    notes: list[str] | None = None,
) -> HttpResponse:
    """A blank import template: the header row, example rows, and a second sheet of filling notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9D9")
    for row in example_rows:
        sheet.append(row)
    for column_cells in sheet.columns:
        sheet.column_dimensions[column_cells[0].column_letter].width = max(12, len(str(column_cells[0].value)) * 2 + 4)
    if notes:
        notes_sheet = workbook.create_sheet(_("填写说明"))
        for line in notes:
            notes_sheet.append([line])
        notes_sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused. ``row`` is the spreadsheet row number (the header is row 1)."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do. Nothing is written unless ``errors`` is empty."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


def read_xlsx_rows(file_obj, *, columns: dict[str, str], required: Iterable[str] = ()) -> list[tuple[int, dict]]:
    """Read the first sheet: map header texts to field names by ``columns`` ({"姓名": "name", ...}).

    Header texts are matched without the "*" that marks a required column in a template. Blank rows are
    skipped; cells are stripped strings, dates or numbers as Excel stored them; a column missing from the
    file is missing from every record (so an import can tell "not given" from "given empty").
    Raises ValidationError (in Chinese) for a file that is not a workbook, a missing required column,
    or too many rows.
    """
    try:
        workbook = load_workbook(file_obj, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ValidationError(_("无法读取文件：请上传 Excel（.xlsx）文件。")) from error
    try:
        return _read_first_sheet(workbook, columns=columns, required=set(required))
    except ValidationError:
        raise
    except Exception as error:  # a damaged workbook can fail while its rows are read
        raise ValidationError(_("无法读取文件：Excel 文件已损坏或格式不正确。")) from error
    finally:
        workbook.close()


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    return "".join(str(value).split()).rstrip("*＊")


def _read_first_sheet(workbook, *, columns: dict[str, str], required: set[str]) -> list[tuple[int, dict]]:
    if not workbook.worksheets:
        raise ValidationError(_("文件是空的。"))
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("文件是空的。"))
    header_texts = [_header_text(text) for text in header]
    wanted = {_header_text(text): name for text, name in columns.items()}
    missing = [text for text, name in columns.items() if name in required and _header_text(text) not in header_texts]
    if missing:
        raise ValidationError(_("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)})
    positions: dict[str, int] = {}
    for index, text in enumerate(header_texts):
        if text in wanted and wanted[text] not in positions:
            positions[wanted[text]] = index
    result = []
    for row_number, values in enumerate(rows, start=2):
        if values is None or all(value is None or str(value).strip() == "" for value in values):
            continue
        record = {}
        for name, index in positions.items():
            value = values[index] if index < len(values) else None
            if isinstance(value, str):
                value = value.strip()
            if isinstance(value, datetime.datetime):
                value = value.date()
            record[name] = value
        result.append((row_number, record))
        if len(result) > MAX_IMPORT_ROWS:
            raise ValidationError(_("一次最多导入 %(max)s 行。") % {"max": MAX_IMPORT_ROWS})
    return result


DATE_TEXT_PATTERN = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
EXCEL_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31


def cell_date(value: Any) -> datetime.date | None:
    """A date from a cell: an Excel date, an Excel day number, or text "YYYY-MM-DD", "YYYY.MM.DD",
    "YYYY/MM/DD", "YYYY年MM月DD日" or "YYYYMMDD". None for an empty cell; ValueError (Chinese) otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 99991231:
            value = str(int(value))
        elif EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return from_excel(value).date()
        else:
            raise ValueError(_("日期格式不正确：%(value)s。") % {"value": value})
    text = str(value).strip()
    match = DATE_TEXT_PATTERN.match(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        raise ValueError(_("日期格式不正确：%(value)s（应为 YYYY-MM-DD）。") % {"value": text})
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as error:
        raise ValueError(_("日期无效：%(value)s。") % {"value": text}) from error


def validation_error_messages(error: ValidationError, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Flatten a ValidationError into (column label, message) pairs for a row report."""
    if hasattr(error, "error_dict"):
        return [
            (labels.get(name, "" if name == "__all__" else name), message)
            for name, errors in error.error_dict.items()
            for item in errors
            for message in item.messages
        ]
    return [("", message) for message in error.messages]


def run_import(
    *,
    rows: list[tuple[int, dict]],
    validate_row: Callable[[int, dict], tuple[Any, list[RowError]]],
    apply_rows: Callable[[list[Any], ImportReport], None],
    dry_run: bool,
    check_rows: Callable[[list[tuple[int, Any]]], list[RowError]] | None = None,
) -> ImportReport:
    """Validate every row; if any is bad, report them all and write nothing; otherwise apply all atomically.

    ``validate_row(row_number, record)`` returns a prepared item and its errors. ``check_rows`` sees all
    prepared items at once (duplicates inside the file). ``apply_rows(items, report)`` writes them and
    counts created/updated/unchanged; it runs inside one transaction, also in a dry run (then rolled back),
    so the preview's counts are the real ones.
    """
    report = ImportReport(total=len(rows), dry_run=dry_run)
    prepared = []
    for row_number, record in rows:
        item, errors = validate_row(row_number, record)
        report.errors.extend(errors)
        if not errors:
            prepared.append((row_number, item))
    if check_rows:
        report.errors.extend(check_rows(prepared))
    report.errors.sort(key=lambda error: error.row)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            apply_rows([item for _row, item in prepared], report)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        report.errors.extend(RowError(row=0, column=c, message=m) for c, m in validation_error_messages(error, {}))
        report.created = report.updated = report.unchanged = 0
        return report
    except IntegrityError:
        # Someone else wrote a conflicting row between validation and writing; nothing was written.
        report.errors.append(
            RowError(
                row=0,
                column="",
                message=_("保存失败：数据在导入期间被他人修改（编码或证件号重复），请重新预览后再导入。"),
            )
        )
        report.created = report.updated = report.unchanged = 0
        return report
    report.applied = not dry_run
    return report
