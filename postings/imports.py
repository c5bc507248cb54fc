"""Excel import of postings: every row validated, every bad row reported, all rows written or none.

A row is refused when its own fields are wrong, when it clashes with a posting already in the database
(overlap, a second serving posting, a village with a serving first secretary), or when it clashes with
another row of the same file.
"""

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from cadres import rules
from cadres.models import Cadre, Unit
from core.excel import (
    ImportReport,
    RowChange,
    RowError,
    field_changes,
    marked_headers,
    model_display,
    read_xlsx_rows,
    run_import,
    template_response,
)
from postings import services
from postings.choices import ExchangeDirection, FrontLine, PostingKind, PostingStatus
from postings.models import ExternalHost, Posting

COLUMNS = {
    "身份证号": "id_number",
    "锻炼类型": "kind",
    "一线类别": "front_line",
    "交流方向": "exchange_direction",
    "派出单位编码": "home_unit_code",
    "接收单位编码": "host_unit_code",
    "县外接收单位": "external_host_name",
    "县外所在地区": "external_host_region",
    "锻炼任务": "purpose",
    "开始日期": "planned_start",
    "计划结束日期": "planned_end",
}
REQUIRED = ("id_number", "kind", "planned_start", "planned_end")
# Full-width digits made ASCII, other scripts' digits refused, when the file is read (core.excel).
DIGIT_FIELDS = ("id_number", "home_unit_code", "host_unit_code", "planned_start", "planned_end")
LABELS = {name: header for header, name in COLUMNS.items()} | {
    "cadre": "身份证号",
    "host_unit": "接收单位编码",
    "home_unit": "派出单位编码",
    "external_host": "县外接收单位",
}
EXAMPLE_ROWS = [
    ["513329198001010011", "第一书记", "", "", "", "U00012", "", "", "抓党建促乡村振兴", "2026-03-01", "2028-02-29"],
    [
        "513329198502020022",
        "挂职锻炼",
        "",
        "",
        "",
        "",
        "佛山市南海区发展和改革局",
        "广东省佛山市",
        "",
        "2026-09-01",
        "2027-08-31",
    ],
]


def postings_template_response() -> HttpResponse:
    """The postings template: the columns (required ones marked *), two examples, drop-down lists for the
    coded columns, and the notes."""
    return template_response(
        filename="实践锻炼导入模板.xlsx",
        sheet_title=_("实践锻炼"),
        headers=marked_headers(COLUMNS, REQUIRED),
        example_rows=EXAMPLE_ROWS,
        notes=[
            _("锻炼类型：挂职锻炼、第一书记、一线锻炼、双向交流。"),
            _("一线锻炼填写一线类别：乡村基层、重点工作、改革发展、项目建设、服务群众。"),
            _("双向交流填写交流方向：县直机关→乡镇、乡镇→县直机关、跟班学习。"),
            _("接收单位在县内填写单位编码；在县外填写县外接收单位和所在地区。派出单位不填则为干部的工作单位。"),
            _("状态按日期确定：开始日期在今天之后为拟派出，计划结束日期在今天之前为期满结束，其余为在岗。"),
        ],
        coded_columns={"锻炼类型": PostingKind, "一线类别": FrontLine, "交流方向": ExchangeDirection},
    )


def _label_lookup(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices} | {value: value for value in choices.values}


def _date(value, column: str, errors: list[RowError], row: int) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if value in (None, ""):
        errors.append(RowError(row=row, column=column, message=_("必填。")))
        return None
    try:
        return datetime.date.fromisoformat(str(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        errors.append(RowError(row=row, column=column, message=_("日期格式应为 2026-03-01。")))
        return None


class PostingImporter:
    """Validates the rows of one file for one actor, with the lookups it needs fetched once."""

    def __init__(self, *, actor: User, rows: list[tuple[int, dict]]):
        self.actor = actor
        self.today = timezone.localdate()
        id_numbers = {str(record.get("id_number") or "").upper() for _row, record in rows}
        self.cadres = {c.id_number: c for c in Cadre.objects.filter(id_number__in=id_numbers).select_related("unit")}
        codes = {str(record.get(key) or "") for _row, record in rows for key in ("home_unit_code", "host_unit_code")}
        self.units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes - {""})}
        self.kinds = _label_lookup(PostingKind)
        self.front_lines = _label_lookup(FrontLine)
        self.directions = _label_lookup(ExchangeDirection)

    def validate_row(self, row: int, record: dict) -> tuple[dict | None, list[RowError]]:
        errors: list[RowError] = []
        cadre = self.cadres.get(str(record.get("id_number") or "").upper())
        if cadre is None:
            errors.append(RowError(row=row, column="身份证号", message=_("系统中没有这个身份证号的干部。")))
        elif not policy.may(self.actor, policy.Action.CHANGE, cadre):
            errors.append(RowError(row=row, column="身份证号", message=_("该干部不在您的管理范围内。")))
        kind = self.kinds.get(str(record.get("kind") or ""))
        if kind is None:
            errors.append(
                RowError(row=row, column="锻炼类型", message=_("应为：挂职锻炼、第一书记、一线锻炼或双向交流。"))
            )
        front_line = self._choice(record, "front_line", self.front_lines, "一线类别", row, errors)
        direction = self._choice(record, "exchange_direction", self.directions, "交流方向", row, errors)
        home_unit = self._unit(record, "home_unit_code", "派出单位编码", row, errors)
        if home_unit is not None and not policy.may(self.actor, policy.Action.CHANGE, home_unit):
            errors.append(RowError(row=row, column="派出单位编码", message=_("该单位不在您的管理范围内。")))
        host_unit = self._unit(record, "host_unit_code", "接收单位编码", row, errors)
        start = _date(record.get("planned_start"), "开始日期", errors, row)
        end = _date(record.get("planned_end"), "计划结束日期", errors, row)
        external_name = str(record.get("external_host_name") or "").strip()
        if errors:
            return None, errors
        posting = Posting(
            cadre=cadre,
            kind=kind,
            front_line=front_line,
            exchange_direction=direction,
            home_unit=home_unit or cadre.unit,
            host_unit=host_unit,
            purpose=str(record.get("purpose") or "")[:200],
            planned_start=start,
            planned_end=end,
        )
        if external_name:
            # a placeholder so that the field checks see a host; the real row is made when applying
            posting.external_host = ExternalHost(pk=-1, name=external_name)
        posting.status = services.status_on(start=start, end=end, today=self.today)
        if posting.status == PostingStatus.COMPLETED:
            posting.actual_end = end
        problems = services.posting_field_errors(posting) or services.posting_conflict_errors(posting)
        for field, messages in problems.items():
            errors.extend(RowError(row=row, column=LABELS.get(field, field), message=m) for m in messages)
        item = {
            "posting": posting,
            "external_host_name": external_name,
            "external_host_region": str(record.get("external_host_region") or "").strip(),
        }
        return (None if errors else item), errors

    def _choice(self, record, key, lookup, column, row, errors) -> str:
        text = str(record.get(key) or "").strip()
        if not text:
            return ""
        if text not in lookup:
            errors.append(RowError(row=row, column=column, message=_("无法识别：%(value)s。") % {"value": text}))
            return ""
        return lookup[text]

    def _unit(self, record, key, column, row, errors) -> Unit | None:
        code = str(record.get(key) or "").strip()
        if not code:
            return None
        if code not in self.units:
            errors.append(RowError(row=row, column=column, message=_("没有编码为 %(code)s 的单位。") % {"code": code}))
            return None
        return self.units[code]


def check_rows(prepared: list[tuple[int, dict]]) -> list[RowError]:
    """Clashes between rows of the file: one cadre's postings overlapping, one village's first secretaries."""
    errors = []
    seen: list[tuple[int, Posting]] = []
    for row, item in prepared:
        posting = item["posting"]
        end = posting.actual_end or posting.planned_end
        for other_row, other in seen:
            other_end = other.actual_end or other.planned_end
            overlaps = posting.planned_start <= other_end and other.planned_start <= end
            if other.cadre_id == posting.cadre_id and (
                overlaps or posting.status == other.status == PostingStatus.SERVING
            ):
                errors.append(
                    RowError(
                        row=row,
                        column="身份证号",
                        message=_("与第 %(row)s 行同一干部的实践锻炼时间重叠（同一时间只能在岗一项）。")
                        % {"row": other_row},
                    )
                )
                break
            if (
                posting.kind == other.kind == PostingKind.FIRST_SECRETARY
                and posting.host_unit_id == other.host_unit_id
                and overlaps
            ):
                errors.append(
                    RowError(
                        row=row,
                        column="接收单位编码",
                        message=_("与第 %(row)s 行是同一个村同一时间的第一书记。") % {"row": other_row},
                    )
                )
                break
        seen.append((row, posting))
    return errors


def postings_import(*, actor: User, file_obj: IO[bytes], dry_run: bool) -> ImportReport:
    """Import postings from an Excel file; with ``dry_run`` nothing is kept, but the counts are real."""
    if not policy.is_staff(actor):
        raise ValidationError(_("您没有导入实践锻炼的权限。"))
    rows = read_xlsx_rows(file_obj, columns=COLUMNS, required=REQUIRED, digit_fields=DIGIT_FIELDS)
    importer = PostingImporter(actor=actor, rows=rows)

    def apply_rows(items: list[dict], report: ImportReport) -> None:
        for item in items:
            posting = item["posting"]
            if item["external_host_name"]:
                posting.external_host, _created = ExternalHost.objects.get_or_create(
                    name=item["external_host_name"], defaults={"region": item["external_host_region"]}
                )
            services.posting_insert(posting=posting, reason=_("Excel 导入"))
            report.created += 1

    return run_import(
        rows=rows,
        validate_row=importer.validate_row,
        apply_rows=apply_rows,
        dry_run=dry_run,
        check_rows=check_rows,
        describe_row=describe_row,
    )


def describe_row(row: int, item: dict) -> RowChange:
    """The preview of a row: every row is a new posting (an import never changes a stored one)."""
    posting = item["posting"]
    host = posting.host_unit.name if posting.host_unit else item["external_host_name"]
    return RowChange(
        row=row,
        action="create",
        subject=f"{posting.cadre.name}（{rules.mask_id_number(posting.cadre.id_number)}）",
        fields=field_changes(
            [
                (_("锻炼类型"), None, model_display(posting, "kind")),
                (_("派出单位"), None, posting.home_unit.name),
                (_("接收单位"), None, host),
                (_("开始日期"), None, posting.planned_start),
                (_("计划结束日期"), None, posting.planned_end),
                (_("状态"), None, model_display(posting, "status")),
            ]
        ),
    )
