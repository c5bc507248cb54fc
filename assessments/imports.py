"""Excel imports of the assessment area: historic annual results and quantitative scores. Atomic: every bad row is
named and nothing is written; a good file goes through the services row by row in one transaction, so that the
rules, the scope and the history are the services' own."""

import functools
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import selectors, services
from assessments.choices import Grade, ItemKind, UngradedReason
from assessments.models import AnnualResult, IndicatorItem, Period, QuantitativeScore
from cadres.rules import mask_id_number, normalize_id_number
from cadres.selectors import cadre_list
from core.digits import whole_number
from core.excel import (
    ImportReport,
    RowChange,
    RowError,
    cell_date,
    field_changes,
    marked_headers,
    read_xlsx_rows,
    run_import,
    template_response,
)

GRADE_BY_LABEL = {str(label): value for value, label in Grade.choices} | {value: value for value in Grade.values}
REASON_BY_LABEL = {str(label): value for value, label in UngradedReason.choices} | {
    value: value for value in UngradedReason.values
}

HISTORIC_COLUMNS = {
    "身份证号": "id_number",
    "姓名": "name",
    "考核年度": "year",
    "等次": "grade",
    "不定等次原因": "ungraded_reason",
    "确定日期": "confirmed_on",
    "评语": "comment",
}
HISTORIC_LABELS = {
    "year": "考核年度",
    "grade": "等次",
    "ungraded_reason": "不定等次原因",
    "confirmed_on": "确定日期",
    "cadre": "身份证号",
}
SCORE_COLUMNS = {"身份证号": "id_number", "姓名": "name", "指标名称": "item", "得分": "score", "备注": "note"}
HISTORIC_REQUIRED = ("id_number", "year", "grade", "confirmed_on")
SCORE_REQUIRED = ("id_number", "item", "score")


def historic_results_template_response() -> HttpResponse:
    """The historic results template: columns (required ones marked *), an example, 等次 and 不定等次原因
    as drop-down lists, and the notes."""
    return template_response(
        filename="历史考核结果导入模板.xlsx",
        sheet_title=_("历史考核结果"),
        headers=marked_headers(HISTORIC_COLUMNS, HISTORIC_REQUIRED),
        example_rows=[["513329198001010011", "扎西", 2020, "称职", "", "2021-01-20", ""]],
        notes=[
            _("等次填写：优秀、称职、基本称职、不称职、不定等次。不定等次须填写原因。"),
            _("同一干部同一年度再次导入将更新原结果；已由考核周期确定的年度不能导入。"),
        ],
        coded_columns={"等次": Grade, "不定等次原因": UngradedReason},
    )


def scores_template_response() -> HttpResponse:
    """The quantitative scores template (目标绩效 and the like): columns, an example and the notes."""
    return template_response(
        filename="量化指标得分导入模板.xlsx",
        sheet_title=_("量化指标得分"),
        headers=marked_headers(SCORE_COLUMNS, SCORE_REQUIRED),
        example_rows=[["513329198001010011", "扎西", "目标绩效考核", 92.5, ""]],
        notes=[
            _("指标名称须与该干部所用考核指标模板中的量化指标名称一致。"),
            _("得分在0到100之间，最多两位小数；同一干部同一指标再次导入将更新得分。"),
        ],
    )


def _year(value) -> int | None:
    if isinstance(value, int | float) and int(value) == value:
        return int(value)
    text = str(value or "").strip().removesuffix("年").removesuffix("年度")
    return whole_number(text, maximum=9999)


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return cell_date(value)
    except (ValueError, ValidationError):
        return None


def _row_errors(row: int, error: ValidationError, labels: dict[str, str]) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(row, labels.get(field, ""), message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in error.messages]


def _cadres_by_id_number(actor: User, id_numbers: set[str]) -> dict:
    """The cadres of the actor's scope with these ID numbers; one outside the scope reads as unknown."""
    return {cadre.id_number: cadre for cadre in cadre_list(user=actor).filter(id_number__in=id_numbers)}


def historic_results_import(*, actor: User, file_obj, dry_run: bool) -> ImportReport:
    """Historic annual results (历史考核结果), idempotent on cadre and year: all rows or none."""
    rows = read_xlsx_rows(
        file_obj,
        columns=HISTORIC_COLUMNS,
        required=HISTORIC_REQUIRED,
        digit_fields=("id_number", "year", "confirmed_on"),
    )
    cadres = _cadres_by_id_number(actor, {normalize_id_number(str(r.get("id_number") or "")) for _n, r in rows})
    annual_years = set(Period.objects.filter(kind="annual").values_list("year", flat=True))

    def validate_row(row: int, record: dict):
        errors = []
        id_number = normalize_id_number(str(record.get("id_number") or ""))
        cadre = cadres.get(id_number)
        if cadre is None:
            errors.append(
                RowError(row, "身份证号", _("身份证号%(id)s不在您的管理范围内或不存在。") % {"id": id_number})
            )
        year = _year(record.get("year"))
        grade = GRADE_BY_LABEL.get(str(record.get("grade") or "").strip())
        if grade is None:
            errors.append(RowError(row, "等次", _("等次应为优秀、称职、基本称职、不称职或不定等次。")))
        reason_text = str(record.get("ungraded_reason") or "").strip()
        reason = REASON_BY_LABEL.get(reason_text, "") if reason_text else ""
        if reason_text and not reason:
            errors.append(RowError(row, "不定等次原因", _("不定等次原因不在可选范围内。")))
        confirmed_on = _date(record.get("confirmed_on"))
        if year is None:
            errors.append(RowError(row, "考核年度", _("考核年度应为四位数字年份。")))
        elif year in annual_years:
            errors.append(
                RowError(row, "考核年度", _("%(year)s年度已在系统中开展年度考核，不能导入历史结果。") % {"year": year})
            )
        if errors:
            return None, errors
        problems = services._historic_result_problems(
            cadre=cadre, year=year, grade=grade, ungraded_reason=reason, confirmed_on=confirmed_on
        )
        if problems:
            return None, _row_errors(row, ValidationError(problems), HISTORIC_LABELS)
        item = {
            "cadre": cadre,
            "year": year,
            "grade": grade,
            "ungraded_reason": reason,
            "confirmed_on": confirmed_on,
            "comment": str(record.get("comment") or "")[:2000],
        }
        return item, []

    def check_rows(prepared):
        seen, errors = {}, []
        for row, item in prepared:
            key = (item["cadre"].pk, item["year"])
            if key in seen:
                errors.append(RowError(row, "", _("与第%(row)s行重复（同一干部同一年度）。") % {"row": seen[key]}))
            seen.setdefault(key, row)
        return errors

    def apply_rows(items, report):
        existing = set(
            AnnualResult.objects.filter(cadre_id__in=[item["cadre"].pk for item in items]).values_list(
                "cadre_id", "year"
            )
        )
        for item in items:
            services.annual_result_record(actor=actor, **item)
            if (item["cadre"].pk, item["year"]) in existing:
                report.updated += 1
            else:
                report.created += 1

    @functools.cache
    def stored() -> dict[tuple[int, int], AnnualResult]:
        """The results of the file's cadres, read once (only when every row is good)."""
        ids = [cadre.pk for cadre in cadres.values()]
        return {(result.cadre_id, result.year): result for result in AnnualResult.objects.filter(cadre_id__in=ids)}

    def describe_row(row: int, item: dict) -> RowChange | None:
        old = stored().get((item["cadre"].pk, item["year"]))
        grades, reasons = dict(Grade.choices), dict(UngradedReason.choices)
        changes = field_changes(
            [
                (_("等次"), grades.get(old.grade) if old else None, grades.get(item["grade"])),
                (
                    _("不定等次原因"),
                    reasons.get(old.ungraded_reason, "") if old else None,
                    reasons.get(item["ungraded_reason"], ""),
                ),
                (_("确定日期"), old.confirmed_on if old else None, item["confirmed_on"]),
                (_("评语"), old.comment if old else None, item["comment"]),
            ]
        )
        if old is not None and not changes:
            return None
        cadre = item["cadre"]
        return RowChange(
            row=row,
            action="update" if old else "create",
            subject=_("%(name)s（%(id)s） %(year)s年度")
            % {"name": cadre.name, "id": mask_id_number(cadre.id_number), "year": item["year"]},
            fields=changes,
        )

    return run_import(
        rows=rows,
        validate_row=validate_row,
        apply_rows=apply_rows,
        dry_run=dry_run,
        check_rows=check_rows,
        describe_row=describe_row,
    )


def quantitative_scores_import(*, actor: User, period: Period, file_obj, dry_run: bool) -> ImportReport:
    """A period's quantitative scores (量化指标, e.g. 目标绩效) by ID number and item name: all rows or none."""
    rows = read_xlsx_rows(file_obj, columns=SCORE_COLUMNS, required=SCORE_REQUIRED, digit_fields=("id_number", "score"))
    assessees = {assessee.cadre.id_number: assessee for assessee in selectors.assessee_list(user=actor, period=period)}
    items = {}
    for item in IndicatorItem.objects.filter(kind=ItemKind.QUANTITATIVE, template__assessees__period=period).distinct():
        items[(item.template_id, item.name.strip())] = item

    def validate_row(row: int, record: dict):
        errors = []
        id_number = normalize_id_number(str(record.get("id_number") or ""))
        assessee = assessees.get(id_number)
        if assessee is None:
            errors.append(
                RowError(
                    row, "身份证号", _("身份证号%(id)s不是本周期的考核对象或不在您的管理范围内。") % {"id": id_number}
                )
            )
        name = str(record.get("item") or "").strip()
        item = items.get((assessee.template_id, name)) if assessee else None
        if assessee is not None and item is None:
            errors.append(RowError(row, "指标名称", _("“%(name)s”不是该干部考核模板中的量化指标。") % {"name": name}))
        try:
            score = Decimal(str(record.get("score")).strip())
            if (
                not score.is_finite()
                or not Decimal(0) <= score <= Decimal(100)
                or score != score.quantize(Decimal("0.01"))
            ):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(RowError(row, "得分", _("得分应为0到100之间的数字，最多两位小数。")))
            score = None
        if errors:
            return None, errors
        return {"assessee": assessee, "item": item, "score": score, "note": str(record.get("note") or "")[:200]}, []

    def check_rows(prepared):
        seen, errors = {}, []
        for row, item in prepared:
            key = (item["assessee"].pk, item["item"].pk)
            if key in seen:
                errors.append(RowError(row, "", _("与第%(row)s行重复。") % {"row": seen[key]}))
            seen.setdefault(key, row)
        return errors

    def apply_rows(prepared, report):
        existing = set(QuantitativeScore.objects.filter(assessee__period=period).values_list("assessee_id", "item_id"))
        for item in prepared:
            try:
                services.quantitative_score_set(actor=actor, **item)
            except PermissionDenied as denied:
                raise ValidationError(str(denied)) from denied
            if (item["assessee"].pk, item["item"].pk) in existing:
                report.updated += 1
            else:
                report.created += 1

    @functools.cache
    def stored() -> dict[tuple[int, int], QuantitativeScore]:
        """The period's scores, read once (only when every row is good)."""
        return {
            (score.assessee_id, score.item_id): score
            for score in QuantitativeScore.objects.filter(assessee__period=period)
        }

    def describe_row(row: int, item: dict) -> RowChange | None:
        old = stored().get((item["assessee"].pk, item["item"].pk))
        changes = field_changes(
            [
                (_("得分"), old.score if old else None, item["score"]),
                (_("备注"), old.note if old else None, item["note"]),
            ]
        )
        if old is not None and not changes:
            return None
        cadre = item["assessee"].cadre
        return RowChange(
            row=row,
            action="update" if old else "create",
            subject=f"{cadre.name}（{mask_id_number(cadre.id_number)}） {item['item'].name}",
            fields=changes,
        )

    return run_import(
        rows=rows,
        validate_row=validate_row,
        apply_rows=apply_rows,
        dry_run=dry_run,
        check_rows=check_rows,
        describe_row=describe_row,
    )
