"""Excel in and out, shared by every app: streaming export, template download, and atomic imports.

Export: ``write_xlsx`` streams rows with openpyxl's write-only mode (flat memory at 100k rows);
``xlsx_response`` wraps a small export in an HTTP download.

Import: ``read_xlsx_rows`` turns a sheet into (row number, {field: value}) pairs by its header row, and
``run_import`` validates every row, reports every bad row with its reason, and applies all rows or none.
A legacy Excel 97-2003 workbook (.xls) is turned into an .xlsx once, by ``xls_as_xlsx``, and read the
same way from there on.
"""

import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import xlrd
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from core.digits import foreign_digits, normalize_width

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20000


# ---------------------------------------------------------------- export

# A string cell that begins with one of these is what spreadsheet programs read as a formula (OWASP's
# "CSV injection"): such text is stored as a string cell, with Excel's quote prefix, so it shows as typed.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE_ROWS = 200
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 6, 60
DATE_NUMBER_FORMAT = "yyyy-mm-dd"
DATE_WIDTH = 12
DATETIME_WIDTH = 16  # "yyyy-mm-dd hh:mm": as wide as a date, Excel shows "########" in its column
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class SheetTitle:
    """The office heading above an export's header row: the list's name, the filters used, the time."""

    title: str
    filters: str = ""
    exported_at: datetime.datetime | None = None

    def lines(self) -> list[str]:
        stamp = f"{self.exported_at:%Y-%m-%d %H:%M}" if self.exported_at else ""
        details = "；".join(
            part
            for part in (
                _("筛选条件：%(filters)s") % {"filters": self.filters or _("无")},
                _("导出时间：%(time)s") % {"time": stamp} if stamp else "",
            )
            if part
        )
        return [self.title, details]


def text_cell_value(value: str) -> bool:
    """True when ``value`` would be taken for a formula and must be written as text."""
    return value.startswith(FORMULA_TRIGGERS)


def display_width(value: Any) -> int:
    """The width of a value in Excel's character units: a CJK character is about two Latin ones wide."""
    if value is None or value == "":
        return 0
    if isinstance(value, datetime.datetime):
        return DATETIME_WIDTH
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    text = str(value)
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)


def column_widths(headers: list[str], sample: list[list[Any]]) -> list[int]:
    """Column widths that fit the header and the widest of the first rows (ID numbers, dates, names)."""
    widths = []
    for index, header in enumerate(headers):
        widest = max([display_width(header)] + [display_width(row[index]) for row in sample if index < len(row)])
        widths.append(max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, widest + 2)))
    return widths


def _data_cell(sheet, value: Any):
    """A plain value, or a cell where the value needs a type or a format of its own."""
    if value is None:
        return ""
    if isinstance(value, str):
        if text_cell_value(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_NUMBER_FORMAT
        return cell
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


# Characters a sheet name (Excel) or a file name (Windows) may not hold.
NAME_FORBIDDEN_RE = re.compile(r'[\\/:*?"<>|\[\]]')


def office_name(title: str) -> str:
    """A page's title as a sheet or file name Excel and Windows accept: \\ / : * ? " < > | [ ] become "_"
    (a unit named 党政办/综治办 or 茹龙镇:便民服务中心 made the export fail), control characters go."""
    name = NAME_FORBIDDEN_RE.sub("_", ILLEGAL_CHARACTERS_RE.sub("", str(title))).strip().strip("'")
    return name or _("数据")


def write_xlsx(
    *,
    file_obj: IO[bytes],
    sheet_title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = 2000,
    heading: SheetTitle | None = None,
    numbered: bool = False,
) -> int:
    """Write ``rows`` under ``headers`` to ``file_obj`` as an office-ready sheet; return the data row count.

    The sheet has ``heading`` (title, filters, time) above the header row when given, a bold frozen header
    with an auto-filter, column widths fitted to the header and the first rows, A4 landscape printing with
    the header repeated on every page, and, with ``numbered``, a 序号 column. Dates are date cells shown as
    yyyy-mm-dd; text that a spreadsheet would take for a formula is written as text (OWASP CSV injection).
    Written in openpyxl's write-only mode: memory stays flat at 100,000 rows. ``on_batch(n)`` is called after
    every ``batch_size`` rows, for progress bars.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(office_name(sheet_title)[:31])
    headers = [str(text) for text in headers]
    if numbered:
        headers = [_("序号"), *headers]
        rows = ([number, *row] for number, row in enumerate(rows, start=1))
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for letter_index, width in enumerate(column_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(letter_index)].width = width
    header_row = 1 + len(heading.lines()) if heading else 1
    # Write-only sheets write their views before their rows: the frozen header must be set first.
    sheet.freeze_panes = f"A{header_row + 1}"
    if heading:
        for line_number, line in enumerate(heading.lines()):
            cell = WriteOnlyCell(sheet, value=line)
            cell.font = Font(bold=True, size=14) if line_number == 0 else Font(color="555555")
            sheet.append([cell])
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    written = pending = 0
    for row in itertools.chain(sample, rows):
        sheet.append([_data_cell(sheet, value) for value in row])
        written += 1
        pending += 1
        if on_batch and pending == batch_size:
            on_batch(pending)
            pending = 0
    if on_batch and pending:
        on_batch(pending)
    last_column = get_column_letter(max(1, len(headers)))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + written}"
    workbook.save(file_obj)
    return written


def attachment(content: bytes | IO[bytes], *, filename: str) -> HttpResponse:
    """An .xlsx download named ``filename`` (Chinese names are sent RFC 5987-encoded)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def xlsx_response(
    *,
    filename: str,
    sheet_title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    heading: SheetTitle | None = None,
    numbered: bool = False,
) -> HttpResponse:
    """An Excel download of a small table (reports, lists already bounded by their filters)."""
    buffer = io.BytesIO()
    write_xlsx(file_obj=buffer, sheet_title=sheet_title, headers=headers, rows=rows, heading=heading, numbered=numbered)
    return attachment(buffer.getvalue(), filename=filename)


def marked_headers(columns: dict[str, str], required: Iterable[str]) -> list[str]:
    """An import's header row from its column map ({header: field}): the required fields' headers end in *."""
    required = set(required)
    return [f"{header}*" if field in required else header for header, field in columns.items()]


def template_response(
    *,
    filename: str,
    sheet_title: str,
    headers: list[str],
    example_rows: list[list[Any]],
    notes: list[str] | None = None,
    coded_columns: dict[str, list[str] | type[models.Choices]] | None = None,
) -> HttpResponse:
    """A blank import template: the header row, example rows, and a second sheet of filling notes.

    ``coded_columns`` ({header: [label, ...] or a Choices class, whose Chinese labels are taken}) become
    drop-down lists on every row below the header, read from a hidden sheet of lists (a list of labels too
    long for Excel's inline limit of 255 characters, such as the 56 民族, still works).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = office_name(sheet_title)[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9D9")
    for row in example_rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and text_cell_value(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    for index, header in enumerate(headers, start=1):
        sample = [row[index - 1] for row in example_rows if index - 1 < len(row)]
        widest = max([display_width(header) + 4] + [display_width(value) + 2 for value in sample])
        sheet.column_dimensions[get_column_letter(index)].width = max(12, widest)
    for index, header in enumerate(headers, start=1):
        if any(word in _header_text(header) for word in TEXT_COLUMN_WORDS):
            # typed into Excel, an 18-digit ID number would become 5.13329E+17 and lose its last digits
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    sheet.freeze_panes = "A2"
    if notes:
        notes_sheet = workbook.create_sheet(_("填写说明"))
        for line in notes:
            notes_sheet.append([line])
        notes_sheet.column_dimensions["A"].width = 100
    if coded_columns:
        _add_drop_downs(workbook, sheet, headers, {header: _labels(codes) for header, codes in coded_columns.items()})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), filename=filename)


def _labels(codes: list[str] | type[models.Choices]) -> list[str]:
    """A drop-down list's values: the list itself, or a Choices class's labels as the Chinese office reads them."""
    if isinstance(codes, list):
        return codes
    with translation.override("zh-hans"):
        return [str(label) for label in codes.labels]


TEMPLATE_VALIDATED_ROWS = 5000
# Template columns of digits that are not numbers (an ID number, a code with leading zeros, a phone number):
# formatted as text, so that what a clerk types stays as typed.
TEXT_COLUMN_WORDS = ("身份证号", "编码", "电话", "文号")


def _add_drop_downs(workbook, sheet, headers: list[str], coded_columns: dict[str, list[str]]) -> None:
    lists = workbook.create_sheet(_("代码表"))
    lists.sheet_state = "hidden"
    bare_headers = [_header_text(header) for header in headers]
    for list_index, (header, labels) in enumerate(coded_columns.items(), start=1):
        position = bare_headers.index(_header_text(header)) + 1
        list_letter = get_column_letter(list_index)
        lists.cell(row=1, column=list_index, value=_header_text(header))
        for row_number, label in enumerate(labels, start=2):
            lists.cell(row=row_number, column=list_index, value=str(label))
        validation = DataValidation(
            type="list",
            formula1=f"={quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(labels) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("请从下拉列表中选择"),
            error=_("“%(column)s”只能填写下拉列表中的值。") % {"column": _header_text(header)},
        )
        column_letter = get_column_letter(position)
        validation.add(f"{column_letter}2:{column_letter}{TEMPLATE_VALIDATED_ROWS}")
        sheet.add_data_validation(validation)


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


# ---------------------------------------------------------------- legacy .xls

# The first bytes of an OLE2 compound file, the container of an Excel 97-2003 (.xls) workbook.
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLS_SHEET_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


def is_xls(file_obj: IO[bytes]) -> bool:
    """True when ``file_obj`` holds an Excel 97-2003 workbook (read from its start; the position is kept)."""
    position = file_obj.tell()
    file_obj.seek(0)
    head = file_obj.read(len(XLS_SIGNATURE))
    file_obj.seek(position)
    return head == XLS_SIGNATURE


def as_xlsx(file_obj: IO[bytes]) -> IO[bytes]:
    """``file_obj`` itself, or for an .xls workbook the same workbook as an .xlsx (``xls_as_xlsx``)."""
    return xls_as_xlsx(file_obj) if is_xls(file_obj) else file_obj


def xls_as_xlsx(file_obj: IO[bytes]) -> io.BytesIO:
    """An Excel 97-2003 workbook (.xls, read by xlrd) as an .xlsx holding what the .xlsx path would read.

    Every sheet keeps its name, visibility, cells and merged ranges (the import reads the first sheet, the
    error report gives back them all). Cells become what openpyxl reads from an .xlsx: text as text; a
    date cell (an .xls stores a day number, counted in the workbook's own 1900 or 1904 date system) as a
    date, or a datetime when it has a time; a whole number stored as a float (5.0, a phone typed as a
    number) as an int, so that it reads "5" and never "5.0" or "1.38e+10"; a boolean as a boolean; an
    error cell as its text ("#N/A"); an empty cell as nothing. A number that Excel stored as a double
    keeps the digits the double has: an 18-digit ID number typed as a number lost its last ones in Excel.
    Raises ValidationError (Chinese) when the file cannot be read as an .xls workbook.
    """
    file_obj.seek(0)
    try:
        book = xlrd.open_workbook(file_contents=file_obj.read(), formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd raises many kinds for a damaged or encrypted file
        raise ValidationError(
            _("无法读取 .xls 文件：文件已损坏或已加密，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。")
        ) from error
    try:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for index in range(book.nsheets):
            _copy_xls_sheet(book, book.sheet_by_index(index), workbook)
            book.unload_sheet(index)
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(
            _("无法读取 .xls 文件：文件已损坏，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。")
        ) from error
    finally:
        book.release_resources()
    if not workbook.worksheets:
        workbook.create_sheet()
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _copy_xls_sheet(book, source, workbook) -> None:
    sheet = workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", source.name)[:31] or None)
    sheet.sheet_state = XLS_SHEET_STATES.get(source.visibility, "visible")
    for row_index in range(source.nrows):
        for column_index, cell in enumerate(source.row(row_index)):
            value = xls_cell_value(cell, book.datemode)
            if value is None:
                continue
            target = sheet.cell(row=row_index + 1, column=column_index + 1, value=value)
            if isinstance(value, str) and target.data_type == "f":
                target.data_type = "s"  # text that looks like a formula stays text
    for first_row, last_row, first_column, last_column in source.merged_cells:  # half-open, 0-based
        if last_row - first_row > 1 or last_column - first_column > 1:
            sheet.merge_cells(
                start_row=first_row + 1, end_row=last_row, start_column=first_column + 1, end_column=last_column
            )


def xls_cell_value(cell, datemode: int) -> Any:
    """One xlrd cell as the .xlsx path reads it (``xls_as_xlsx``); ``datemode`` 0 (1900) or 1 (1904)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return ILLEGAL_CHARACTERS_RE.sub("", cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
        return moment.date() if moment.time() == datetime.time() else moment
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#N/A")
    value = cell.value
    return int(value) if isinstance(value, float) and value.is_integer() else value


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused. ``row`` is the spreadsheet row number (the header is row 1)."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class FieldChange:
    """One field of a record as stored (``old``) and as the file has it (``new``), both display text."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """What a good row does: ``action`` "create" or "update"; ``subject`` names the record (姓名 and ID,
    单位 and code); ``fields`` are the changed fields of an update, or the main fields of a new record."""

    row: int
    action: str
    subject: str
    fields: tuple[FieldChange, ...] = ()


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do. Nothing is written unless ``errors`` is empty.

    ``changes`` lists every row that creates or changes a record, in file order (the preview's old → new).
    """

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    applied: bool = False
    changes: list[RowChange] = field(default_factory=list)

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
            "changes": [
                {
                    "row": change.row,
                    "action": change.action,
                    "subject": change.subject,
                    "fields": [{"label": f.label, "old": f.old, "new": f.new} for f in change.fields],
                }
                for change in self.changes
            ],
        }

    @property
    def updates(self) -> list[RowChange]:
        return [change for change in self.changes if change.action == "update"]

    @property
    def creations(self) -> list[RowChange]:
        return [change for change in self.changes if change.action == "create"]


def display_value(value: Any) -> str:
    """A stored or imported value as the preview shows it: dates ISO, booleans 是/否, numbers without
    trailing zeros, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def field_changes(pairs: Iterable[tuple[str, Any, Any]]) -> tuple[FieldChange, ...]:
    """The (label, old, new) triples whose display texts differ, as FieldChanges."""
    changes = []
    for label, old, new in pairs:
        old_text, new_text = display_value(old), display_value(new)
        if old_text != new_text:
            changes.append(FieldChange(label=str(label), old=old_text, new=new_text))
    return tuple(changes)


def model_display(instance, field_name: str) -> Any:
    """A model field's value for the preview: the label of a choice, the text of a related row (only
    when it is already loaded: no query per row), else the raw value."""
    model_field = instance._meta.get_field(field_name)
    if model_field.is_relation:
        if model_field.is_cached(instance):
            related = getattr(instance, field_name)
            return str(related) if related is not None else None
        return getattr(instance, model_field.attname)
    value = getattr(instance, model_field.attname)
    if model_field.choices and value not in (None, ""):
        return dict(model_field.flatchoices).get(value, value)
    return value


def _field_label(instance, name: str, labels: dict[str, str]) -> str:
    return labels.get(name) or str(instance._meta.get_field(name).verbose_name)


def model_changes(old, new, fields: Iterable[str], labels: dict[str, str] | None = None) -> tuple[FieldChange, ...]:
    """The fields of ``new`` that differ from ``old`` (two instances of one model), labelled by
    ``labels`` or the fields' verbose names."""
    labels = labels or {}
    changed = [
        name
        for name in fields
        if getattr(old, old._meta.get_field(name).attname) != getattr(new, new._meta.get_field(name).attname)
    ]
    return field_changes(
        (
            labels.get(name) or str(old._meta.get_field(name).verbose_name),
            model_display(old, name),
            model_display(new, name),
        )
        for name in changed
    )


def read_xlsx_rows(
    file_obj, *, columns: dict[str, str], required: Iterable[str] = (), digit_fields: Iterable[str] = ()
) -> list[tuple[int, dict]]:
    """Read the first sheet: map header texts to field names by ``columns`` ({"姓名": "name", ...}).

    Header texts are matched without the "*" that marks a required column in a template. Blank rows are
    skipped; cells are stripped strings, dates or numbers as Excel stored them; a column missing from the
    file is missing from every record (so an import can tell "not given" from "given empty").

    A cell merged over several rows of one column (现任职务 over two cadres) gives its value to every row it
    covers, as the sheet shows it; a merged range spanning several columns below the header is refused, by
    its range. Text in ``digit_fields`` (ID numbers, codes, numbers, dates) is NFKC-normalised, so that
    full-width ``５１３３…`` reads as ``5133…``; a digit of any other script is refused by row and column.

    Raises ValidationError (in Chinese, one message per problem) for a file that is not a workbook, a
    missing required column, too many rows, a merged range across columns, or a digit it cannot read.
    An .xls workbook is read as its .xlsx conversion (``xls_as_xlsx``).
    """
    file_obj = as_xlsx(file_obj)
    try:
        workbook = load_workbook(file_obj, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ValidationError(_("无法读取文件：请上传 Excel 文件（.xlsx 或 .xls）。")) from error
    try:
        return _read_first_sheet(workbook, columns=columns, required=set(required), digit_fields=set(digit_fields))
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


HEADER_SEARCH_ROWS = 10


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only sheet as (min_col, min_row, max_col, max_row), 1-based.

    openpyxl's read-only mode does not read ``<mergeCells>``; they follow the rows in the sheet's XML, so
    the part is scanned once more, keeping nothing but the merge elements (flat memory at 20,000 rows).
    """
    ranges = []
    merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    with sheet._get_source() as source:  # the sheet's XML part inside the workbook's zip
        for _event, element in iterparse(source):
            if element.tag == merge_tag and element.get("ref"):
                ranges.append(range_boundaries(element.get("ref")))
            element.clear()
    return ranges


def _filled_rows(rows: Iterator[tuple], ranges: list[tuple[int, int, int, int]]) -> Iterator[tuple]:
    """``rows`` with each one-column merged range's value copied into every row it covers."""
    if not ranges:
        yield from rows
        return
    covering: dict[int, list[tuple[int, int, int]]] = {}  # row → [(column, first row, last row)]
    for min_col, min_row, max_col, max_row in ranges:
        if min_col == max_col and max_row > min_row:
            for row in range(min_row + 1, max_row + 1):
                covering.setdefault(row, []).append((min_col, min_row, max_row))
    top_values: dict[tuple[int, int], Any] = {}
    for number, values in enumerate(rows, start=1):
        values = list(values or ())
        for min_col, min_row, max_col, _max_row in ranges:
            if min_row == number and min_col == max_col and min_col <= len(values):
                top_values[(min_col, min_row)] = values[min_col - 1]
        for column, first_row, _last_row in covering.get(number, ()):
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = top_values.get((column, first_row))
        yield tuple(values)


def _refuse_wide_merges(ranges: list[tuple[int, int, int, int]], header_number: int) -> None:
    """A merged range over several columns below the header cannot say which field its value belongs to."""
    wide = [
        f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        for min_col, min_row, max_col, max_row in ranges
        if max_col > min_col and max_row > header_number
    ]
    if wide:
        raise ValidationError(
            [
                _("合并单元格 %(range)s 跨越多列，无法确定每一列的值：请取消合并并逐格填写后再导入。") % {"range": ref}
                for ref in wide
            ]
        )


def _normalize_digits(result: list[tuple[int, dict]], digit_fields: set[str], labels: dict[str, str]) -> None:
    """NFKC the text of ``digit_fields`` in place; refuse every cell holding a digit of another script."""
    problems = []
    for row_number, record in result:
        for name in digit_fields & record.keys():
            value = record[name]
            if not isinstance(value, str):
                continue
            value = record[name] = normalize_width(value).strip()
            found = foreign_digits(value)
            if found:
                problems.append(
                    _("第%(row)s行“%(column)s”含有无法识别的数字“%(digits)s”，请用半角数字 0–9 填写。")
                    % {"row": row_number, "column": labels.get(name, name), "digits": "".join(found)}
                )
    if problems:
        raise ValidationError(problems)


def _read_first_sheet(
    workbook, *, columns: dict[str, str], required: set[str], digit_fields: set[str] = frozenset()
) -> list[tuple[int, dict]]:
    if not workbook.worksheets:
        raise ValidationError(_("文件是空的。"))
    sheet = workbook.worksheets[0]
    ranges = _merged_ranges(sheet)
    rows = _filled_rows(sheet.iter_rows(values_only=True), ranges)
    wanted = {_header_text(text): name for text, name in columns.items()}
    header_number, header, rows = _find_header_row(rows, wanted)
    _refuse_wide_merges(ranges, header_number)
    if header is None:
        raise ValidationError(_("文件是空的。"))
    header_texts = [_header_text(text) for text in header]
    missing = [text for text, name in columns.items() if name in required and _header_text(text) not in header_texts]
    if missing:
        raise ValidationError(_("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)})
    positions: dict[str, int] = {}
    for index, text in enumerate(header_texts):
        if text in wanted and wanted[text] not in positions:
            positions[wanted[text]] = index
    result = []
    for row_number, values in enumerate(rows, start=header_number + 1):
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
    _normalize_digits(result, digit_fields, {name: text for text, name in columns.items()})
    return result


def _find_header_row(rows: Iterator[tuple], wanted: dict[str, str]) -> tuple[int, tuple | None, Iterator[tuple]]:
    """The header row: among the first rows, the one naming the most known columns.

    An exported list carries a title and a line of filters above its header; a template starts with the
    header. Returns (its spreadsheet row number, its values, the rows after it); (0, None, …) for an
    empty sheet. When no early row names two known columns, the first row is taken, so that the missing
    columns are reported by name.
    """
    looked_at: list[tuple] = []
    for number, values in enumerate(rows, start=1):
        values = values or ()
        looked_at.append(values)
        matches = sum(1 for value in values if _header_text(value) in wanted)
        if matches >= min(2, len(wanted)) and matches:
            return number, values, rows
        if number >= HEADER_SEARCH_ROWS:
            break
    if not looked_at:
        return 0, None, rows
    return 1, looked_at[0], itertools.chain(looked_at[1:], rows)


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
    describe_row: Callable[[int, Any], RowChange | None] | None = None,
) -> ImportReport:
    """Validate every row; if any is bad, report them all and write nothing; otherwise apply all atomically.

    ``validate_row(row_number, record)`` returns a prepared item and its errors. ``check_rows`` sees all
    prepared items at once (duplicates inside the file). ``apply_rows(items, report)`` writes them and
    counts created/updated/unchanged; it runs inside one transaction, also in a dry run (then rolled back),
    so the preview's counts are the real ones. ``describe_row(row_number, item)`` says what a good row
    changes (a RowChange, or None when it changes nothing); it runs before writing, against the values
    the import read once, so the preview shows old → new.
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
    if describe_row is not None:
        report.changes = [change for row, item in prepared if (change := describe_row(row, item)) is not None]
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


# ---------------------------------------------------------------- the error report

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
ERROR_FONT = Font(color="9C0006")


def error_report_xlsx(file_obj, errors: list[RowError]) -> bytes:
    """The uploaded workbook with every bad cell marked red and a 错误原因 column on every bad row.

    ``errors`` carry spreadsheet row numbers and column header texts (as ``read_xlsx_rows`` names them), so
    the clerk corrects the file he sent and uploads it again. A reason that belongs to no one column
    (a duplicate of another row) marks the row number. Errors of the whole file (row 0) are listed in the
    header row's reason cell. The report is always an .xlsx: an .xls upload comes back as its conversion
    (``xls_as_xlsx``). Raises ValidationError when the file is not a workbook.
    """
    file_obj = as_xlsx(file_obj)
    try:
        workbook = load_workbook(file_obj)
    except Exception as error:  # the same refusal as on upload
        raise ValidationError(_("无法读取文件：请上传 Excel 文件（.xlsx 或 .xls）。")) from error
    sheet = workbook.worksheets[0]
    labels = {_header_text(error.column) for error in errors if error.column}
    header_row = _error_report_header_row(sheet, labels)
    positions = {}
    for cell in sheet[header_row]:
        text = _header_text(cell.value)
        if text and text not in positions:
            positions[text] = cell.column
    reason_column = sheet.max_column + 1
    header = sheet.cell(row=header_row, column=reason_column, value=_("错误原因"))
    header.font = Font(bold=True, color="9C0006")
    header.fill = ERROR_FILL
    sheet.column_dimensions[get_column_letter(reason_column)].width = 60
    reasons: dict[int, list[str]] = {}
    for error in errors:
        row = error.row or header_row
        prefix = f"{error.column}：" if error.column else ""
        reasons.setdefault(row, []).append(f"{prefix}{error.message}")
        column = positions.get(_header_text(error.column)) if error.column else None
        if error.row and column:
            cell = sheet.cell(row=error.row, column=column)
            cell.fill = ERROR_FILL
            cell.font = ERROR_FONT
    for row, messages in reasons.items():
        if row == header_row:
            header.value = f"{_('错误原因')}（{'；'.join(messages)}）"
            continue
        cell = sheet.cell(row=row, column=reason_column, value="；".join(messages))
        cell.font = ERROR_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if text_cell_value(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _error_report_header_row(sheet, labels: set[str]) -> int:
    """The row naming most of the columns the errors name (an export has a title above its header)."""
    best_row, best = 1, 0
    for number, values in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        matches = sum(1 for value in values if _header_text(value) in labels)
        if matches > best:
            best_row, best = number, matches
    return best_row
