"""Excel columns of the career lists: the same filtered, scoped queryset as the page, written row by row."""

from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

Column = tuple[str, Callable[[object], object]]

RECORD_COLUMNS: list[Column] = [
    (_("姓名"), lambda r: r.cadre.name),
    (_("单位"), lambda r: r.cadre.unit.name),
    (_("类别"), lambda r: r.get_family_display()),
    (_("种类"), lambda r: r.get_kind_display()),
    (_("决定（立案）日期"), lambda r: r.decided_on),
    (_("作出机关"), lambda r: r.issuing_body),
    (_("文号"), lambda r: r.document_number),
    (_("事由"), lambda r: r.reason),
    (_("留党察看期限（年）"), lambda r: r.probation_years),
    (_("结案日期"), lambda r: r.closed_on),
    (_("审查调查结果"), lambda r: r.get_outcome_display()),
    (_("状态"), lambda r: r.get_status_display()),
    (_("撤销（更正）日期"), lambda r: r.revoked_on),
]

PROBATION_COLUMNS: list[Column] = [
    (_("姓名"), lambda a: a.cadre.name),
    (_("任职单位"), lambda a: a.unit.name),
    (_("职务名称"), lambda a: a.post_title),
    (_("领导职务层次"), lambda a: a.get_leadership_level_display()),
    (_("任职时间"), lambda a: a.effective_date),
    (_("试用期至"), lambda a: a.probation_end),
    (_("批准机关"), lambda a: a.approving_body),
    (_("文号"), lambda a: a.document_number),
]

UNFIT_CASE_COLUMNS: list[Column] = [
    (_("姓名"), lambda c: c.cadre.name),
    (_("单位"), lambda c: c.cadre.unit.name),
    (_("启动日期"), lambda c: c.opened_on),
    (_("情形数"), lambda c: len(c.situations)),
    (_("状态"), lambda c: c.get_status_display()),
    (_("调整方式"), lambda c: c.get_decision_display()),
    (_("决定日期"), lambda c: c.decided_on),
]

FAULT_TOLERANCE_COLUMNS: list[Column] = [
    (_("姓名"), lambda c: c.record.cadre.name),
    (_("单位"), lambda c: c.record.cadre.unit.name),
    (_("涉及的处理记录"), lambda c: str(c.record)),
    (_("“三个区分开来”情形"), lambda c: c.get_distinction_display()),
    (_("申请日期"), lambda c: c.opened_on),
    (_("状态"), lambda c: c.get_status_display()),
    (_("认定结果"), lambda c: c.get_outcome_display()),
    (_("认定日期"), lambda c: c.decided_on),
]


def rows(queryset: QuerySet, columns: Iterable[Column]) -> Iterator[list]:
    columns = list(columns)
    for item in queryset.iterator(chunk_size=2000):
        yield [getter(item) for _header, getter in columns]
