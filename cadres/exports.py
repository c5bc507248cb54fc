"""The roster (花名册): the filtered cadre list written to Excel.

Written row by row with openpyxl's write-only mode from a server-side cursor, so memory stays flat at
100,000 rows. Small exports are answered at once; large ones run as a background job with a progress bar.
"""

from collections.abc import Callable
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.choices import CadreStatus, Category, Education, Ethnicity, Gender, LeadershipLevel, PoliticalStatus, Rank
from cadres.models import Cadre
from cadres.rules import mask_id_number
from core.excel import write_xlsx

ROSTER_BATCH_SIZE = 2000

# (header, value path, choices to label the value, or None)
ROSTER_COLUMNS: list[tuple[str, str, type | None]] = [
    ("姓名", "name", None),
    ("性别", "gender", Gender),
    ("民族", "ethnicity", Ethnicity),
    ("出生日期", "birth_date", None),
    ("身份证号", "id_number", None),
    ("籍贯", "native_place", None),
    ("全日制学历", "education_full_time", Education),
    ("在职学历", "education_in_service", Education),
    ("政治面貌", "political_status", PoliticalStatus),
    ("入党时间", "party_join_date", None),
    ("参加工作时间", "work_start_date", None),
    ("人员类别", "category", Category),
    ("单位编码", "unit__code", None),
    ("工作单位", "unit__name", None),
    ("现任职务", "post_title", None),
    ("任现职时间", "post_date", None),
    ("领导职务层次", "leadership_level", LeadershipLevel),
    ("职级", "rank", Rank),
    ("任现职级时间", "rank_date", None),
    ("状态", "status", CadreStatus),
    ("联系电话", "phone", None),
]


def roster_write(
    *,
    queryset: QuerySet[Cadre],
    file_obj: IO[bytes],
    mask_id_numbers: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write the cadres of ``queryset`` (already scoped and filtered) to ``file_obj``; return the row count.

    ``on_batch(n)`` is called after every batch of rows, for progress reporting.
    """
    # Labels are translated once here, not once per cell (100,000 rows × 8 choice columns of lazy strings).
    labels = {
        path: {value: str(label) for value, label in choices.choices}
        for _header, path, choices in ROSTER_COLUMNS
        if choices
    }
    paths = [path for _header, path, _choices in ROSTER_COLUMNS]
    values = queryset.order_by("unit__path", "name_pinyin", "id").values_list(*paths)
    rows = (
        [_cell(path, value, labels, mask_id_numbers) for path, value in zip(paths, row, strict=True)]
        for row in values.iterator(chunk_size=ROSTER_BATCH_SIZE)
    )
    return write_xlsx(
        file_obj=file_obj,
        sheet_title=_("干部花名册"),
        headers=[_(header) for header, _path, _choices in ROSTER_COLUMNS],
        rows=rows,
        on_batch=on_batch,
        batch_size=ROSTER_BATCH_SIZE,
    )


def roster_filename() -> str:
    return f"干部花名册_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def _cell(path: str, value, labels: dict, mask_id_numbers: bool):
    if value is None:
        return ""
    if path in labels:
        return labels[path].get(value, value)
    if path == "id_number" and mask_id_numbers:
        return mask_id_number(value)
    return value
