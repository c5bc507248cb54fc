"""How the cadre page shows a record: the record card's groups of fields, and the history of its changes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres import services
from cadres.models import Cadre, Unit


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def display_value(field_meta, value, unit_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if field_meta.is_relation:
        return unit_names.get(value, f"#{value}")
    if field_meta.choices:
        return str(dict(field_meta.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def cadre_history(cadre: Cadre) -> list[HistoryEntry]:
    """Every historical record of a cadre, newest first, each with its field-level changes.

    Two queries however long the history: the records (with their users) and the names of every unit that
    appears in a change. Diffs are taken pairwise from the ordered list, never through ``prev_record``
    (which would query once per record).
    """
    records = list(cadre.history.select_related("history_user").order_by("history_date", "history_id"))
    actions = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
    entries, deltas = [], []
    for previous, record in zip([None, *records], records, strict=False):
        deltas.append(record.diff_against(previous).changes if previous is not None else [])
        entries.append(HistoryEntry(record=record, action=actions.get(record.history_type, record.history_type)))
    unit_ids = {value for changes in deltas for c in changes if c.field == "unit" for value in (c.old, c.new)}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids - {None}).values_list("pk", "name")) if unit_ids else {}
    meta = Cadre._meta
    for entry, changes in zip(entries, deltas, strict=True):
        for change in sorted(changes, key=lambda c: _field_position(c.field)):
            field_meta = meta.get_field(change.field)
            entry.changes.append(
                FieldChange(
                    label=str(field_meta.verbose_name),
                    old=display_value(field_meta, change.old, unit_names),
                    new=display_value(field_meta, change.new, unit_names),
                )
            )
    entries.reverse()
    return entries


def _field_position(name: str) -> int:
    order = services.CADRE_WRITABLE_FIELDS
    return order.index(name) if name in order else len(order)


# Fields shown on a cadre's page, grouped as on the paper 干部任免审批表.
DETAIL_GROUPS = (
    (
        gettext_lazy("基本信息"),
        ("name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "phone"),
    ),
    (
        gettext_lazy("学历与政治面貌"),
        ("education_full_time", "education_in_service", "political_status", "party_join_date", "work_start_date"),
    ),
    (
        gettext_lazy("单位与职务职级"),
        ("category", "unit", "post_title", "post_date", "leadership_level", "rank", "rank_date", "status"),
    ),
)


def detail_groups(cadre: Cadre) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(label, shown value)]) for the record card; reads only the cadre and its unit."""
    groups = []
    for title, names in DETAIL_GROUPS:
        rows = []
        for name in names:
            field_meta = Cadre._meta.get_field(name)
            if name == "unit":
                value = cadre.unit.name
            elif field_meta.choices:
                value = getattr(cadre, f"get_{name}_display")() if getattr(cadre, name) not in (None, "") else "—"
            else:
                value = display_value(field_meta, getattr(cadre, name), {})
            rows.append((str(field_meta.verbose_name), value))
        if "birth_date" in names:  # the statutory retirement day (domain-rules §11) beside the birth date
            retirement = cadre.retirement
            rows.append(
                (
                    _("法定退休日期"),
                    _("%(day)s（%(age)s）") % {"day": retirement.on.isoformat(), "age": retirement.age_text},
                )
            )
        groups.append((title, rows))
    return groups
