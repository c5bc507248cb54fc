"""Excel import of cadres and units: templates, validation of every row, and an all-or-nothing write.

The cadre columns are the roster export's (``cadres.tables.ROSTER_COLUMNS``), so an exported roster can be
re-imported unchanged. Rows are matched to existing records by ID number (cadres) or unit code (units):

- a row whose values equal the stored record is ``unchanged`` and is not written (no history row);
- a changed row is updated, a new one created; both keep a history row by the actor, reason "Excel导入";
- a row may set the career fields (单位、职务、职务层次、职级 and their dates) of a new cadre only: for an
  existing cadre they change through an appointment or rank change (``cadres.services.CAREER_FIELDS``),
  so a changed career column is a row error naming the way to do it;
- the existing records are locked when written and compared with the copies the rows were checked
  against: a record changed in between refuses the whole file (``core.versions``), never a silent revert.

Three columns beyond the roster's record a new civil servant's 录用 (hire) in the careers app: 录用时间,
录用批准机关, 录用文号. For a new cadre they create the 录用 record with its 录用试用期 (domain-rules §2, the
assessment of a year the probation covers is 不定等次); for an existing cadre they must match the 录用
already recorded, which changes on the career pages.

A column missing from the file leaves that field alone. An empty cell clears an optional field, except
for fields with a default (政治面貌, 状态; 是否乡镇, 编制数), where it keeps the stored value (or takes the
default for a new record).

Each row is checked by the model's own validation (``full_clean`` → ``cadres.rules`` for the ID number)
and by the actor's scope (``accounts.policy``); units, existing cadres and the actor's
scope are each fetched once, so 2,000 rows take a handful of queries before the bulk write.
"""

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres import rules
from cadres.choices import (
    CadreStatus,
    Category,
    Education,
    Ethnicity,
    Gender,
    LeadershipLevel,
    PoliticalStatus,
    Rank,
    UnitKind,
)
from cadres.models import UNIT_PATH_MAX_DEPTH, Cadre, Unit, unit_too_deep_message
from cadres.services import CADRE_WRITABLE_FIELDS, CAREER_FIELD_ROUTE, CAREER_FIELDS
from cadres.tables import ROSTER_COLUMNS
from core.digits import whole_number
from core.excel import (
    ImportReport,
    RowChange,
    RowError,
    cell_date,
    field_changes,
    marked_headers,
    model_changes,
    model_display,
    read_xlsx_rows,
    run_import,
    template_response,
)
from core.pinyin import pinyin_keys

IMPORT_CHANGE_REASON = "Excel导入"
IMPORT_BATCH_SIZE = 500
IMPORT_KINDS = {"cadres": "干部", "units": "单位"}

# ---------------------------------------------------------------- columns

# The roster's value paths that are not plain model fields.
_ROSTER_PATH_TO_FIELD = {"unit__code": "unit_code", "unit__name": "unit_name"}
CADRE_COLUMNS: dict[str, str] = {
    header: _ROSTER_PATH_TO_FIELD.get(path, path) for header, path, _choices in ROSTER_COLUMNS
}
# The 录用 (hire) columns: import only (the roster shows the cadre, the career pages the 录用 record).
HIRE_COLUMNS: dict[str, str] = {
    "录用时间": "hired_on",
    "录用批准机关": "hire_approving_body",
    "录用文号": "hire_document_number",
}
CADRE_IMPORT_COLUMNS: dict[str, str] = {**CADRE_COLUMNS, **HIRE_COLUMNS}
CADRE_HEADERS: dict[str, str] = {field: header for header, field in CADRE_IMPORT_COLUMNS.items()}
CADRE_REQUIRED = ("name", "gender", "ethnicity", "birth_date", "id_number", "category")
CADRE_CHOICES: dict[str, type[models.Choices]] = {
    "gender": Gender,
    "ethnicity": Ethnicity,
    "education_full_time": Education,
    "education_in_service": Education,
    "political_status": PoliticalStatus,
    "category": Category,
    "leadership_level": LeadershipLevel,
    "rank": Rank,
    "status": CadreStatus,
}
CADRE_DATE_FIELDS = ("birth_date", "party_join_date", "work_start_date", "post_date", "rank_date")
CADRE_TEXT_FIELDS = ("name", "native_place", "post_title", "phone")
# Read with full-width digits made ASCII and other scripts' digits refused (core.excel.read_xlsx_rows).
CADRE_INTEGER_FIELDS = ("sort_order",)
CADRE_DIGIT_FIELDS = ("id_number", "unit_code", "phone", "hired_on", *CADRE_DATE_FIELDS, *CADRE_INTEGER_FIELDS)
# Fields with a model default: an empty cell keeps the stored value (a new record takes the default).
CADRE_KEEP_WHEN_EMPTY = ("political_status", "status")
# Every field an import may write (the same as the cadre services), and so the fields compared to find
# unchanged rows.
CADRE_IMPORT_FIELDS = CADRE_WRITABLE_FIELDS
# What an update of an existing cadre writes: everything but the career fields (careers writes those).
CADRE_UPDATE_FIELDS = tuple(field for field in CADRE_IMPORT_FIELDS if field not in CAREER_FIELDS)

UNIT_COLUMNS: dict[str, str] = {
    "单位编码": "code",
    "单位名称": "name",
    "上级单位编码": "parent_code",
    "单位类别": "kind",
    "是否乡镇": "is_township",
    "编制数": "headcount",
    "排序号": "sort_order",
}
UNIT_HEADERS: dict[str, str] = {field: header for header, field in UNIT_COLUMNS.items()}
UNIT_REQUIRED = ("code", "name", "kind")
UNIT_IMPORT_FIELDS = ("code", "name", "parent", "kind", "is_township", "headcount", "sort_order")
UNIT_DIGIT_FIELDS = ("code", "parent_code", "headcount", "sort_order")
# A number cell of 16 digits or more: Excel keeps 15 significant digits, so an ID number typed as a
# number (in .xlsx and .xls alike) has lost its last digits.
ID_NUMBER_LOST_DIGITS = 10**15
YES_NO = {"是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "1": True, "0": False}


# ---------------------------------------------------------------- cells


def _choice_lookup(choices: type[models.Choices]) -> dict[str, Any]:
    """Label → value, accepting the Chinese label, the label in the current language, and the stored value."""
    lookup: dict[str, Any] = {}
    for value, label in choices.choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    with translation.override("zh-hans"):
        for value, label in choices.choices:
            lookup[str(label).lower()] = value
    if choices is Ethnicity:  # "藏" for "藏族"
        for value, label in choices.choices:
            lookup.setdefault(str(label).removesuffix("族").lower(), value)
    return lookup


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _text(value: Any) -> str:
    """A cell as text; a number typed into Excel (a phone, a code) loses its ".0"."""
    if _is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _choice_labels(choices: type[models.Choices]) -> str:
    with translation.override("zh-hans"):
        return "、".join(str(label) for label in choices.labels)


class _RowErrors:
    """Collects a row's errors, one per column at most, with the column's header text."""

    def __init__(self, row: int, headers: dict[str, str]) -> None:
        self.row = row
        self.headers = headers
        self.errors: list[RowError] = []
        self.fields: set[str] = set()

    def add(self, field: str, message: str) -> None:
        self.fields.add(field)
        self.errors.append(RowError(row=self.row, column=self.headers.get(field, ""), message=str(message)))

    def add_validation_error(self, error: ValidationError) -> None:
        """Add a model's full_clean errors, skipping fields that already have a (more precise) error."""
        for field, messages in error.message_dict.items():
            if field in self.fields:
                continue
            for message in messages:
                self.errors.append(RowError(row=self.row, column=self.headers.get(field, ""), message=str(message)))


def _duplicate_rows(keys: Iterable[tuple[int, str]]) -> dict[int, list[int]]:
    """Row → the other rows with the same (non-empty) key."""
    rows_by_key: dict[str, list[int]] = defaultdict(list)
    for row, key in keys:
        if key:
            rows_by_key[key].append(row)
    return {
        row: [other for other in rows if other != row] for rows in rows_by_key.values() if len(rows) > 1 for row in rows
    }


def _rows_text(rows: list[int]) -> str:
    return "、".join(_("第%(row)s行") % {"row": row} for row in rows)


def _writable_unit_ids(actor: User) -> set[int] | None:
    """The ids of the units the actor may write to (None: every unit), read once for the whole file."""
    change_scope = policy.scope(actor, Action.CHANGE)
    return None if change_scope.everything else set(change_scope.unit_queryset().values_list("pk", flat=True))


def _require_import_permission(actor: User) -> None:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有导入数据的权限。"))


# ---------------------------------------------------------------- cadres


def cadres_import(*, actor: User, file_obj: IO[bytes], dry_run: bool) -> ImportReport:
    """Import cadres from an Excel file: every bad row reported, and all rows written or none.

    Raises ValidationError for a file that cannot be read at all (not xlsx, missing columns).
    """
    _require_import_permission(actor)
    rows = read_xlsx_rows(
        file_obj, columns=CADRE_IMPORT_COLUMNS, required=CADRE_REQUIRED, digit_fields=CADRE_DIGIT_FIELDS
    )
    if rows and "unit_code" not in rows[0][1] and "unit_name" not in rows[0][1]:
        raise ValidationError(_("缺少必填列：单位编码（或工作单位）。"))
    context = _CadreImportContext.load(actor=actor, rows=rows)
    return run_import(
        rows=rows,
        validate_row=context.validate_row,
        apply_rows=context.apply_rows,
        dry_run=dry_run,
        describe_row=context.describe_row,
    )


@dataclass
class _CadrePlan:
    action: str  # "create", "update" or "unchanged"
    cadre: Cadre
    hire: dict | None = None  # a new cadre's 录用 record: hired_on, approving_body, document_number


def _cadre_label(name: str) -> str:
    return CADRE_HEADERS.get(name) or str(Cadre._meta.get_field(name).verbose_name)


# What the preview shows of a new cadre (its changed fields, for an update).
CADRE_CREATE_SUMMARY = ("gender", "birth_date", "unit", "post_title", "category", "status")


class _CadreImportContext:
    """Everything a cadre row is checked against, fetched once for the whole file."""

    def __init__(
        self,
        *,
        actor: User,
        units_by_code: dict[str, Unit],
        units_by_name: dict[str, list[Unit]],
        writable_unit_ids: set[int] | None,
        existing: dict[str, Cadre],
        duplicates: dict[int, list[int]],
        hired_on: dict[int, date] | None = None,
    ) -> None:
        self.actor = actor
        self.units_by_code = units_by_code
        self.units_by_name = units_by_name
        self.writable_unit_ids = writable_unit_ids
        self.existing = existing
        self.duplicates = duplicates
        self.hired_on = hired_on or {}  # existing cadres' recorded 录用 dates
        self.lookups = {field: _choice_lookup(choices) for field, choices in CADRE_CHOICES.items()}

    @classmethod
    def load(cls, *, actor: User, rows: list[tuple[int, dict]]) -> "_CadreImportContext":
        id_numbers = {row: rules.normalize_id_number(_text(record.get("id_number"))) for row, record in rows}
        codes = {_text(record.get("unit_code")) for _row, record in rows} - {""}
        names = {_text(record.get("unit_name")) for _row, record in rows if not _text(record.get("unit_code"))} - {""}
        units_by_code = {unit.code: unit for unit in Unit.objects.filter(code__in=codes).order_by()} if codes else {}
        units_by_name: dict[str, list[Unit]] = defaultdict(list)
        if names:
            for unit in Unit.objects.filter(name__in=names).order_by():
                units_by_name[unit.name].append(unit)
        writable = _writable_unit_ids(actor)
        wanted = sorted(set(id_numbers.values()) - {""})
        existing = (
            {cadre.id_number: cadre for cadre in Cadre.objects.filter(id_number__in=wanted).order_by()}
            if wanted
            else {}
        )
        hired_on = {}
        if existing and any("hired_on" in record for _row, record in rows):
            from careers.choices import AppointmentKind
            from careers.models import Appointment

            hired_on = dict(
                Appointment.objects.filter(
                    cadre__in=[cadre.pk for cadre in existing.values()], kind=AppointmentKind.HIRE
                ).values_list("cadre_id", "effective_date")
            )
        return cls(
            actor=actor,
            units_by_code=units_by_code,
            units_by_name=units_by_name,
            writable_unit_ids=writable,
            existing=existing,
            duplicates=_duplicate_rows(id_numbers.items()),
            hired_on=hired_on,
        )

    def _may_write(self, unit_id: int) -> bool:
        return self.writable_unit_ids is None or unit_id in self.writable_unit_ids

    def _unit(self, record: dict, errors: _RowErrors) -> Unit | None:
        code = _text(record.get("unit_code"))
        name = _text(record.get("unit_name"))
        if code:
            unit = self.units_by_code.get(code)
            if unit is None:
                errors.add("unit_code", _("单位编码“%(code)s”不存在。") % {"code": code})
            return unit
        if not name:
            errors.add("unit_code", _("必填项不能为空（填写单位编码，或唯一的工作单位名称）。"))
            return None
        matches = self.units_by_name.get(name, [])
        if not matches:
            errors.add("unit_name", _("工作单位“%(name)s”不存在。") % {"name": name})
            return None
        if len(matches) > 1:
            errors.add("unit_name", _("工作单位“%(name)s”有重名，请填写单位编码。") % {"name": name})
            return None
        return matches[0]

    def _values(self, record: dict, errors: _RowErrors) -> dict[str, Any]:
        """Parse the row's cells into field values; only columns present in the file appear."""
        values: dict[str, Any] = {}
        for field in CADRE_REQUIRED:
            if _is_empty(record.get(field)):
                errors.add(field, _("必填项不能为空。"))
        for field, raw in record.items():
            if field in ("unit_code", "unit_name", *HIRE_COLUMNS.values()) or field in errors.fields:
                continue
            if field == "id_number":
                if isinstance(raw, int | float) and not isinstance(raw, bool) and abs(raw) >= ID_NUMBER_LOST_DIGITS:
                    errors.add(
                        field,
                        _(
                            "身份证号被存成了数字，Excel 只保留15位有效数字，末几位已丢失："
                            "请将该列设为文本格式后重新填写。"
                        ),
                    )
                    continue
                text = rules.normalize_id_number(_text(raw))
                if "*" in text:
                    errors.add(field, _("身份证号已脱敏（含*号），请使用未脱敏的花名册导入。"))
                    continue
                values[field] = text
            elif field in CADRE_DATE_FIELDS:
                try:
                    values[field] = cell_date(raw)
                except ValueError as error:
                    errors.add(field, str(error))
            elif field in CADRE_CHOICES:
                text = _text(raw)
                if not text:
                    if field not in CADRE_KEEP_WHEN_EMPTY:
                        values[field] = None if field in ("leadership_level", "rank") else ""
                    continue
                value = self.lookups[field].get(text.lower())
                if value is None:
                    errors.add(
                        field,
                        _("“%(value)s”不是有效的%(column)s，可选：%(choices)s。")
                        % {
                            "value": text,
                            "column": CADRE_HEADERS[field],
                            "choices": _choice_labels(CADRE_CHOICES[field])
                            if field != "ethnicity"
                            else _("见模板“填写说明”"),
                        },
                    )
                else:
                    values[field] = value
            elif field in CADRE_TEXT_FIELDS:
                values[field] = _text(raw)
            elif field in CADRE_INTEGER_FIELDS:
                if _is_empty(raw):
                    values[field] = None
                elif (number := _whole_number(raw)) is None:
                    errors.add(field, _("“%(column)s”应为不小于0的整数。") % {"column": CADRE_HEADERS[field]})
                else:
                    values[field] = number
        return values

    def validate_row(self, row: int, record: dict) -> tuple[_CadrePlan | None, list[RowError]]:
        errors = _RowErrors(row, CADRE_HEADERS)
        values = self._values(record, errors)
        if row in self.duplicates:
            errors.add("id_number", _("身份证号在文件中重复：%(rows)s。") % {"rows": _rows_text(self.duplicates[row])})
        unit = self._unit(record, errors)
        if unit is not None and not self._may_write(unit.pk):
            if _text(record.get("unit_code")):
                errors.add("unit_code", _("单位编码“%(code)s”不在您的管理范围内。") % {"code": unit.code})
            else:
                errors.add("unit_name", _("工作单位“%(name)s”不在您的管理范围内。") % {"name": unit.name})
        existing = self.existing.get(values.get("id_number", ""))
        if existing is not None and not self._may_write(existing.unit_id):
            errors.add("id_number", _("该身份证号对应的干部不在您的管理范围内。"))
        # Start from the stored record so that columns missing from the file keep their values.
        cadre = copy.copy(existing) if existing is not None else Cadre()
        for field, value in values.items():
            setattr(cadre, field, value)
        if unit is not None:
            cadre.unit = unit
        try:
            # Uniqueness is checked across the file above and by the database at write time; the check
            # constraints restate what clean() and the choices already check, and would cost a query per row.
            cadre.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.add_validation_error(error)
        if existing is not None and "id_number" not in errors.fields:  # (not when out of scope: said once)
            self._refuse_career_changes(cadre, existing, record, errors)
        hire = self._hire(record, cadre, existing, errors)
        if errors.errors:
            return None, errors.errors
        if existing is None:
            return _CadrePlan("create", cadre, hire), []
        changed = any(_field_value(cadre, field) != _field_value(existing, field) for field in CADRE_IMPORT_FIELDS)
        return _CadrePlan("update" if changed else "unchanged", cadre), []

    def _hire(self, record: dict, cadre: Cadre, existing: Cadre | None, errors: _RowErrors) -> dict | None:
        """The row's 录用 (hire): for a new cadre, the record to create; for an existing one, the date must be
        the one recorded (a 录用 is entered or corrected on the career pages)."""
        if _is_empty(record.get("hired_on")):
            for field in ("hire_approving_body", "hire_document_number"):
                if _text(record.get(field)):
                    message = _("填写了%(column)s，请同时填写录用时间。") % {"column": CADRE_HEADERS[field]}
                    errors.add("hired_on", message)
                    break
            return None
        try:
            hired_on = cell_date(record["hired_on"])
        except ValueError as error:
            errors.add("hired_on", str(error))
            return None
        if existing is not None:
            recorded = self.hired_on.get(existing.pk)
            if recorded != hired_on:
                errors.add(
                    "hired_on",
                    _("已有干部的录用记录（%(recorded)s）请在其“任免记录”中录入或更正，不能由导入修改。")
                    % {"recorded": recorded or _("无")},
                )
            return None
        hire = {
            "hired_on": hired_on,
            "approving_body": _text(record.get("hire_approving_body")),
            "document_number": _text(record.get("hire_document_number")),
        }
        for field, key in (("hire_approving_body", "approving_body"), ("hire_document_number", "document_number")):
            if not hire[key]:
                errors.add(field, _("填写了录用时间，此项必须填写。"))
        if not cadre.post_title:
            errors.add("post_title", _("填写了录用时间，请填写录用后的职务（如一级科员）。"))
        if cadre.leadership_level is not None:
            errors.add("leadership_level", _("新录用人员担任的是非领导职务，请不要填写领导职务层次。"))
        if hired_on > timezone.localdate():
            errors.add("hired_on", _("录用时间不能晚于今天。"))
        elif cadre.birth_date and hired_on <= cadre.birth_date:
            errors.add("hired_on", _("录用时间不能早于出生日期。"))
        return hire

    def describe_row(self, row: int, plan: _CadrePlan) -> RowChange | None:
        """The preview of a row: a new cadre's main fields, or an existing one's changed fields old → new."""
        cadre = plan.cadre
        subject = f"{cadre.name}（{rules.mask_id_number(cadre.id_number)}）"
        if plan.action == "create":
            hire = [("录用时间", None, plan.hire["hired_on"])] if plan.hire else []
            fields = field_changes(
                [*((_cadre_label(name), None, model_display(cadre, name)) for name in CADRE_CREATE_SUMMARY), *hire]
            )
            return RowChange(row=row, action="create", subject=subject, fields=fields)
        if plan.action == "update":
            existing = self.existing[cadre.id_number]
            return RowChange(
                row=row,
                action="update",
                subject=subject,
                fields=model_changes(existing, cadre, CADRE_IMPORT_FIELDS, CADRE_HEADERS),
            )
        return None

    @staticmethod
    def _refuse_career_changes(cadre: Cadre, existing: Cadre, record: dict, errors: _RowErrors) -> None:
        """An existing cadre's career fields change through careers (an appointment, a rank change)."""
        for field in CAREER_FIELDS:
            if field in errors.fields or _field_value(cadre, field) == _field_value(existing, field):
                continue
            column = field
            if field == "unit":
                column = "unit_code" if _text(record.get("unit_code")) else "unit_name"
            errors.add(column, _("导入不能修改已有干部的此项：%(route)s") % {"route": CAREER_FIELD_ROUTE[field]})

    def _lock_unchanged_since_read(self, to_update: list[Cadre]) -> None:
        """Lock the rows to update (primary-key order, only their own rows) and refuse the file when one
        changed after the rows were checked: writing the file's copy would undo that change."""
        read_versions = {cadre.pk: self.existing[cadre.id_number].updated_at for cadre in to_update}
        locked = (
            Cadre.objects.select_for_update(of=("self",))
            .filter(pk__in=sorted(read_versions))
            .order_by("pk")
            .values_list("pk", "name", "updated_at")
        )
        changed = [name for pk, name, updated_at in locked if updated_at != read_versions[pk]]
        if changed:
            raise ValidationError(
                _("%(names)s 的档案在校验之后已被他人修改，本次导入未写入任何数据，请重新导入。")
                % {"names": "、".join(changed[:10])},
                code="stale",
            )

    def apply_rows(self, plans: list[_CadrePlan], report: ImportReport) -> None:
        to_create = [plan.cadre for plan in plans if plan.action == "create"]
        to_update = [plan.cadre for plan in plans if plan.action == "update"]
        report.created, report.updated = len(to_create), len(to_update)
        report.unchanged = len(plans) - len(to_create) - len(to_update)
        if report.dry_run:
            return
        if to_update:
            self._lock_unchanged_since_read(to_update)
        now = timezone.now()
        # bulk writes skip Cadre.save(), which derives the pinyin search keys: derive them here.
        for cadre in [*to_create, *to_update]:
            cadre.name_pinyin, cadre.name_initials = pinyin_keys(cadre.name)
            cadre.updated_at = now
        if to_create:
            bulk_create_with_history(
                to_create,
                Cadre,
                batch_size=IMPORT_BATCH_SIZE,
                default_user=self.actor,
                default_change_reason=IMPORT_CHANGE_REASON,
                default_date=now,
            )
            self._create_hires([plan for plan in plans if plan.action == "create" and plan.hire], now=now)
        if to_update:
            bulk_update_with_history(
                to_update,
                Cadre,
                fields=[*CADRE_UPDATE_FIELDS, "name_pinyin", "name_initials", "updated_at"],
                batch_size=IMPORT_BATCH_SIZE,
                default_user=self.actor,
                default_change_reason=IMPORT_CHANGE_REASON,
                default_date=now,
            )

    def _create_hires(self, plans: list[_CadrePlan], *, now) -> None:
        """The 录用 records of the new cadres, with the 录用试用期 the careers service gives one."""
        if not plans:
            return
        from careers.choices import AppointmentKind, ProbationOutcome
        from careers.models import Appointment
        from careers.services import probation_last_day

        hires = [
            Appointment(
                cadre=plan.cadre,
                kind=AppointmentKind.HIRE,
                post_title=plan.cadre.post_title,
                unit=plan.cadre.unit,
                effective_date=plan.hire["hired_on"],
                approving_body=plan.hire["approving_body"],
                document_number=plan.hire["document_number"],
                probation_end=probation_last_day(kind=AppointmentKind.HIRE, start=plan.hire["hired_on"]),
                probation_outcome=ProbationOutcome.PENDING,
                created_by=self.actor,
                created_at=now,
                updated_at=now,
            )
            for plan in plans
        ]
        bulk_create_with_history(
            hires,
            Appointment,
            batch_size=IMPORT_BATCH_SIZE,
            default_user=self.actor,
            default_change_reason=IMPORT_CHANGE_REASON,
            default_date=now,
        )


def _field_value(instance: models.Model, field: str) -> Any:
    return getattr(instance, instance._meta.get_field(field).attname)


# ---------------------------------------------------------------- units


def units_import(*, actor: User, file_obj: IO[bytes], dry_run: bool) -> ImportReport:
    """Import units, matched by code. A parent may be defined anywhere in the same file.

    Units are saved one by one, parents first, because ``Unit.save`` maintains the materialized path.
    """
    _require_import_permission(actor)
    rows = read_xlsx_rows(file_obj, columns=UNIT_COLUMNS, required=UNIT_REQUIRED, digit_fields=UNIT_DIGIT_FIELDS)
    context = _UnitImportContext(actor=actor, rows=rows)
    return run_import(
        rows=rows,
        validate_row=context.validate_row,
        apply_rows=context.apply_rows,
        dry_run=dry_run,
        check_rows=context.check_tree,
        describe_row=context.describe_row,
    )


@dataclass
class _UnitPlan:
    row: int
    action: str  # "create", "update" or "unchanged"
    unit: Unit
    parent_code: str | None  # None: no parent


class _UnitImportContext:
    """All units (a county has hundreds), the file's codes and the actor's scope, fetched once."""

    def __init__(self, *, actor: User, rows: list[tuple[int, dict]]) -> None:
        self.actor = actor
        self.units_by_code: dict[str, Unit] = {unit.code: unit for unit in Unit.objects.all()}
        self.code_of_pk = {unit.pk: code for code, unit in self.units_by_code.items()}
        self.writable_unit_ids = _writable_unit_ids(actor)
        self.file_codes = {_text(record.get("code")) for _row, record in rows} - {""}
        self.duplicates = _duplicate_rows((row, _text(record.get("code"))) for row, record in rows)
        self.kinds = _choice_lookup(UnitKind)
        self.moved = False

    def _may_write(self, unit_id: int) -> bool:
        return self.writable_unit_ids is None or unit_id in self.writable_unit_ids

    def validate_row(self, row: int, record: dict) -> tuple[_UnitPlan | None, list[RowError]]:
        errors = _RowErrors(row, UNIT_HEADERS)
        for field in UNIT_REQUIRED:
            if _is_empty(record.get(field)):
                errors.add(field, _("必填项不能为空。"))
        code = _text(record.get("code"))
        if row in self.duplicates:
            errors.add("code", _("单位编码在文件中重复：%(rows)s。") % {"rows": _rows_text(self.duplicates[row])})
        existing = self.units_by_code.get(code)
        unit = copy.copy(existing) if existing is not None else Unit(code=code)
        if "name" in record and "name" not in errors.fields:
            unit.name = _text(record["name"])
        if "kind" in record and "kind" not in errors.fields:
            text = _text(record["kind"])
            kind = self.kinds.get(text.lower())
            if kind is None:
                errors.add(
                    "kind",
                    _("“%(value)s”不是有效的单位类别，可选：%(choices)s。")
                    % {"value": text, "choices": _choice_labels(UnitKind)},
                )
            else:
                unit.kind = kind
        if "is_township" in record:
            text = _text(record["is_township"]).lower()
            if text:
                if text not in YES_NO:
                    errors.add("is_township", _("“是否乡镇”应填“是”或“否”。"))
                else:
                    unit.is_township = YES_NO[text]
            elif existing is None:
                unit.is_township = unit.kind == UnitKind.TOWNSHIP
        elif existing is None:
            unit.is_township = unit.kind == UnitKind.TOWNSHIP
        if "headcount" in record and not _is_empty(record["headcount"]):
            headcount = _whole_number(record["headcount"])
            if headcount is None:
                errors.add("headcount", _("编制数应为不小于0的整数。"))
            else:
                unit.headcount = headcount
        if "sort_order" in record and not _is_empty(record["sort_order"]):
            sort_order = _whole_number(record["sort_order"])
            if sort_order is None:
                errors.add("sort_order", _("排序号应为不小于0的整数。"))
            else:
                unit.sort_order = sort_order
        parent_code = self._parent_code(record, existing, errors, code)
        if existing is not None and not self._may_write(existing.pk):
            errors.add("code", _("单位编码“%(code)s”不在您的管理范围内。") % {"code": code})
        try:
            unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.add_validation_error(error)
        if errors.errors:
            return None, errors.errors
        if existing is None:
            return _UnitPlan(row, "create", unit, parent_code), []
        old_parent_code = self.code_of_pk.get(existing.parent_id) if existing.parent_id else None
        changed = parent_code != old_parent_code or any(
            getattr(unit, field) != getattr(existing, field)
            for field in ("name", "kind", "is_township", "headcount", "sort_order")
        )
        return _UnitPlan(row, "update" if changed else "unchanged", unit, parent_code), []

    def _parent_code(self, record: dict, existing: Unit | None, errors: _RowErrors, code: str) -> str | None:
        """The parent's code as the file gives it (or the stored parent if the column is missing)."""
        old_parent_code = self.code_of_pk.get(existing.parent_id) if existing and existing.parent_id else None
        if "parent_code" not in record:
            parent_code = old_parent_code if existing is not None else None
        else:
            parent_code = _text(record["parent_code"]) or None
        if parent_code is not None and parent_code == code:
            errors.add("parent_code", _("上级单位不能是本单位。"))
            return parent_code
        if parent_code is not None and parent_code not in self.units_by_code and parent_code not in self.file_codes:
            errors.add("parent_code", _("上级单位编码“%(code)s”不存在。") % {"code": parent_code})
            return parent_code
        if self.writable_unit_ids is None or (existing is not None and parent_code == old_parent_code):
            return parent_code
        # Unit HR may place units only below the units they manage.
        if parent_code is None:
            errors.add("parent_code", _("请填写上级单位编码：只能在您管理的单位下新建或移动单位。"))
        elif parent_code in self.units_by_code and not self._may_write(self.units_by_code[parent_code].pk):
            errors.add("parent_code", _("上级单位编码“%(code)s”不在您的管理范围内。") % {"code": parent_code})
        return parent_code

    def describe_row(self, row: int, plan: _UnitPlan) -> RowChange | None:
        """The preview of a row: a new unit's fields, or an existing one's changed fields old → new."""
        unit = plan.unit
        subject = f"{unit.name}（{unit.code}）"
        if plan.action == "unchanged":
            return None
        existing = self.units_by_code.get(unit.code)
        old_parent = self.code_of_pk.get(existing.parent_id) if existing and existing.parent_id else None
        pairs = [
            (UNIT_HEADERS[name], model_display(existing, name) if existing else None, model_display(unit, name))
            for name in ("name", "kind", "is_township", "headcount", "sort_order")
        ]
        pairs.insert(1, (UNIT_HEADERS["parent_code"], old_parent, plan.parent_code))
        return RowChange(row=row, action=plan.action, subject=subject, fields=field_changes(pairs))

    def check_tree(self, prepared: list[tuple[int, _UnitPlan]]) -> list[RowError]:
        """After the moves the file asks for, every unit must still hang from a root: no cycles."""
        parent_of = {code: self.code_of_pk.get(unit.parent_id) for code, unit in self.units_by_code.items()}
        for _row, plan in prepared:
            parent_of[plan.unit.code] = plan.parent_code
        errors = []
        for row, plan in prepared:
            seen = {plan.unit.code}
            code = plan.parent_code
            while code is not None:
                if code in seen:
                    errors.append(
                        RowError(
                            row=row,
                            column=UNIT_HEADERS["parent_code"],
                            message=_("上级单位不能是本单位或其下级单位（上下级关系形成循环）。"),
                        )
                    )
                    break
                seen.add(code)
                code = parent_of.get(code)
        return errors or self._too_deep(prepared, parent_of)

    def _too_deep(self, prepared: list[tuple[int, _UnitPlan]], parent_of: dict[str, str | None]) -> list[RowError]:
        """The rows whose unit would end deeper than ``Unit.path`` holds, the file's moves applied (a tree
        without cycles): each such unit is charged to the nearest row of the file on its way to the root."""
        levels: dict[str, int] = {}

        def level(code: str) -> int:
            chain = []
            while code is not None and code not in levels:
                chain.append(code)
                code = parent_of.get(code)
            above = levels[code] if code is not None else 0
            for step in reversed(chain):
                above = levels[step] = above + 1
            return above

        row_of = {plan.unit.code: row for row, plan in prepared}
        deepest_by_row: dict[int, int] = {}
        for code in parent_of:
            depth = level(code)
            if depth <= UNIT_PATH_MAX_DEPTH:
                continue
            ancestor = code
            while ancestor is not None and ancestor not in row_of:
                ancestor = parent_of.get(ancestor)
            if ancestor is not None:
                row = row_of[ancestor]
                deepest_by_row[row] = max(deepest_by_row.get(row, 0), depth)
        return [
            RowError(row=row, column=UNIT_HEADERS["parent_code"], message=unit_too_deep_message(depth))
            for row, depth in sorted(deepest_by_row.items())
        ]

    def apply_rows(self, plans: list[_UnitPlan], report: ImportReport) -> None:
        report.created = sum(plan.action == "create" for plan in plans)
        report.updated = sum(plan.action == "update" for plan in plans)
        report.unchanged = len(plans) - report.created - report.updated
        if report.dry_run:
            return
        saved: dict[str, Unit] = {}
        by_code = {plan.unit.code: plan for plan in plans}
        for plan in _parents_first(plans, by_code):
            unit = plan.unit
            if plan.action != "unchanged":
                parent = None
                if plan.parent_code is not None:
                    parent = saved.get(plan.parent_code) or self.units_by_code[plan.parent_code]
                if self.moved:
                    # An earlier save moved a subtree: the in-memory paths may be stale.
                    paths = dict(
                        Unit.objects.filter(pk__in=[u.pk for u in (unit, parent) if u]).values_list("pk", "path")
                    )
                    for stale in (unit, parent):
                        if stale is not None and stale.pk in paths:
                            stale.path = paths[stale.pk]
                if plan.action == "update" and unit.parent_id != (parent.pk if parent else None):
                    self.moved = True
                unit.parent = parent
                unit._history_user = self.actor
                unit._change_reason = IMPORT_CHANGE_REASON
                unit.save()
            saved[unit.code] = unit


def _parents_first(plans: list[_UnitPlan], by_code: dict[str, _UnitPlan]) -> list[_UnitPlan]:
    """The plans ordered so that a unit comes after its parent when both are in the file."""
    ordered: list[_UnitPlan] = []
    done: set[str] = set()
    for plan in plans:
        chain = []
        current: _UnitPlan | None = plan
        while current is not None and current.unit.code not in done:
            chain.append(current)
            done.add(current.unit.code)
            current = by_code.get(current.parent_code) if current.parent_code else None
        ordered.extend(reversed(chain))
    return ordered


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = _text(value)
    return whole_number(text)


# ---------------------------------------------------------------- dispatch and templates


def import_run(*, actor: User, kind: str, file_obj: IO[bytes], dry_run: bool) -> ImportReport:
    """Import ``kind`` ("cadres" or "units") from an Excel file."""
    if kind == "cadres":
        return cadres_import(actor=actor, file_obj=file_obj, dry_run=dry_run)
    if kind == "units":
        return units_import(actor=actor, file_obj=file_obj, dry_run=dry_run)
    raise ValidationError(_("未知的导入类型。"))


def _choice_note(title: str, choices: type[models.Choices]) -> str:
    return f"{title}：{_choice_labels(choices)}"


def cadre_template_response() -> HttpResponse:
    """The cadre template: the roster's columns (required ones marked *), an example row, and the notes."""
    required = {CADRE_HEADERS[field] for field in CADRE_REQUIRED} | {"单位编码"}
    headers = [f"{header}*" if header in required else header for header in CADRE_IMPORT_COLUMNS]
    birth_date = date(1985, 6, 15)
    example = {
        "name": "扎西",
        "gender": "男",
        "ethnicity": "藏族",
        "birth_date": birth_date,
        "id_number": rules.id_number_compose(region="513329", birth_date=birth_date, sequence=12, gender="M"),
        "native_place": "四川新龙",
        "education_full_time": "大学本科",
        "education_in_service": "研究生（硕士）",
        "political_status": "中共党员",
        "party_join_date": date(2008, 7, 1),
        "work_start_date": date(2007, 8, 1),
        "category": "公务员",
        "unit_code": "513329",
        "unit_name": "新龙县",
        "post_title": "科员",
        "post_date": date(2015, 3, 1),
        "leadership_level": "",
        "rank": "四级主任科员",
        "rank_date": date(2020, 1, 1),
        "status": "在职",
        "phone": "13800000000",
        "hired_on": "",
        "hire_approving_body": "",
        "hire_document_number": "",
        "sort_order": "",
    }
    notes = [
        _("干部导入模板填写说明"),
        _("1. 带 * 的列必须填写；第一行是表头，请勿修改；第二行是示例，导入前请删除。"),
        _("2. 按身份证号匹配：已有的干部更新，没有的新建；内容完全相同的行不作修改。"),
        _("3. 单位编码填写系统中已有的单位编码；单位编码为空时，按“工作单位”名称匹配（名称须唯一）。"),
        _("4. 日期可填 Excel 日期，或文本 YYYY-MM-DD、YYYY.MM.DD、YYYY/MM/DD。"),
        _("5. 身份证号请设为文本格式（18位，末位可为X），须与出生日期、性别一致。"),
        _("6. 表中缺少的列不修改原值；空白单元格清空该项（政治面貌、状态为空时保持原值，新建时取群众、在职）。"),
        _("7. 导出的干部花名册（未脱敏）可直接修改后导入。"),
        _(
            "8. 新录用的公务员填写录用时间、录用批准机关、录用文号：系统建立录用记录并计算录用试用期"
            "（试用期内的年度考核不定等次）；已有干部的录用记录请在任免记录中录入。"
        ),
        _("9. 排序号：本单位名单中的位次，小的在前；留空按职务（书记100、正职200、副书记300、副职400、其他500）。"),
        "",
        _("可选值："),
        _choice_note(_("性别"), Gender),
        _choice_note(_("人员类别"), Category),
        _choice_note(_("政治面貌"), PoliticalStatus),
        _choice_note(_("学历（全日制学历、在职学历）"), Education),
        _choice_note(_("领导职务层次"), LeadershipLevel),
        _choice_note(_("职级"), Rank),
        _choice_note(_("状态"), CadreStatus),
        _choice_note(_("民族"), Ethnicity),
    ]
    return template_response(
        filename="干部导入模板.xlsx",
        sheet_title=_("干部"),
        headers=headers,
        example_rows=[[example[field] for field in CADRE_IMPORT_COLUMNS.values()]],
        notes=notes,
        coded_columns={CADRE_HEADERS[field]: choices for field, choices in CADRE_CHOICES.items()},
    )


def unit_template_response() -> HttpResponse:
    """The unit template: its columns (required ones marked *), an example row, and the notes."""
    notes = [
        _("单位导入模板填写说明"),
        _("1. 带 * 的列必须填写；第一行是表头，请勿修改；第二行是示例，导入前请删除。"),
        _("2. 按单位编码匹配：已有的单位更新，没有的新建；内容完全相同的行不作修改。"),
        _("3. 上级单位编码可以是系统中已有的单位，也可以是本文件中的单位（顺序不限）；为空表示顶级单位。"),
        _("4. 单位人事专干只能在其管理的单位下新建或修改单位。"),
        _("5. 是否乡镇、编制数为空时保持原值（新建时：单位类别为乡镇即为“是”，编制数为0）。"),
        _("6. 排序号决定单位在同一上级下的顺序（小的在前）；为空时保持原值，新建时按单位类别排在同类之后。"),
        "",
        _("可选值："),
        _choice_note(_("单位类别"), UnitKind),
        _("是否乡镇：是、否"),
    ]
    return template_response(
        filename="单位导入模板.xlsx",
        sheet_title=_("单位"),
        headers=marked_headers(UNIT_COLUMNS, UNIT_REQUIRED),
        example_rows=[["513329101", "如龙镇", "513329", "乡镇", "是", 45, 700]],
        notes=notes,
        coded_columns={UNIT_HEADERS["kind"]: UnitKind, UNIT_HEADERS["is_township"]: ["是", "否"]},
    )
