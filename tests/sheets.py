"""Reading back the kit's Excel exports in tests: the title lines, then the header row, then the data."""

import io

from openpyxl import load_workbook

TITLE_LINES = 2  # the list's name; the filters used and the export time


def sheet_values(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def exported_table(content: bytes) -> tuple[list, list[list]]:
    """(header row, data rows) of an export, below its title lines."""
    values = sheet_values(content)
    return values[TITLE_LINES], values[TITLE_LINES + 1 :]
