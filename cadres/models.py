"""Units (a tree) and cadres (the people the system is about)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from cadres import rules
from cadres.choices import (
    CadreStatus,
    Category,
    CorrectionItem,
    CorrectionStatus,
    Degree,
    Education,
    EducationKind,
    Ethnicity,
    FamilyRelation,
    Gender,
    LeadershipLevel,
    PoliticalStatus,
    Rank,
    UnitKind,
)
from core.digits import ascii_digits, validate_phone
from core.history import HistoricalRecords
from core.models import TimeStampedModel
from core.pinyin import pinyin_keys

UNIT_PATH_SEGMENT_WIDTH = 6
# A path segment is the unit's 排序号 (4 digits) then its primary key (6 digits): ordering by ``path`` is
# the unit tree in its official order, siblings by 排序号, and a subtree is still one prefix.
UNIT_SORT_ORDER_WIDTH = 4
UNIT_SORT_ORDER_MAX = 10**UNIT_SORT_ORDER_WIDTH - 1
# ``Unit.path`` holds 255 characters: 23 levels of 11-character segments, where a county's tree is 3 deep
# (县 → 乡镇 → 村/社区) and at most 4 with a township's offices.
UNIT_PATH_MAX_LENGTH = 255
UNIT_PATH_MAX_DEPTH = UNIT_PATH_MAX_LENGTH // (UNIT_SORT_ORDER_WIDTH + UNIT_PATH_SEGMENT_WIDTH + 1)
# The default 排序号 of a unit by its kind: 县委县政府 first, then the organs (党委、政府、人大政协群团、
# 政法、事业单位), then the townships, then villages and communities; a new unit goes after its siblings of
# the same kind (``default_unit_sort_order``).
UNIT_KIND_SORT_BASE = {
    UnitKind.COUNTY: 100,
    UnitKind.PARTY_ORGAN: 200,
    UnitKind.GOVERNMENT_ORGAN: 300,
    UnitKind.PEOPLES_CONGRESS_CPPCC: 400,
    UnitKind.JUDICIAL: 500,
    UnitKind.PUBLIC_INSTITUTION: 600,
    UnitKind.TOWNSHIP: 700,
    UnitKind.VILLAGE: 800,
    UnitKind.COMMUNITY: 800,
}
UNIT_KIND_SORT_STEP = 100


def unit_kind_sort_base(kind: str) -> int:
    """The first 排序号 of a kind of unit (县委县政府 100 … 乡镇 700, 村/社区 800); 900 for an unknown kind."""
    return UNIT_KIND_SORT_BASE.get(kind, 900)


class Unit(TimeStampedModel):
    """A node of the county's unit tree: the county, its organs and townships, and their villages.

    ``path`` is a materialized path of zero-padded primary keys ("000001.000007.") so that a whole
    subtree is one indexed prefix query; it is maintained here because it is structure, not a rule.
    """

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("单位类别"), max_length=32, choices=UnitKind)
    is_township = models.BooleanField(_("是否乡镇"), default=False)
    headcount = models.PositiveIntegerField(_("编制数"), default=0)
    sort_order = models.PositiveIntegerField(
        _("排序号"),
        blank=True,
        default=None,
        validators=[MaxValueValidator(UNIT_SORT_ORDER_MAX)],
        help_text=_("同一上级单位下的排列顺序，小的在前；不填则按单位类别（县委县政府、部门、乡镇、村）排在同类之后。"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    path = models.CharField(_("路径"), max_length=UNIT_PATH_MAX_LENGTH, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), editable=False, default=0)
    history = HistoricalRecords(excluded_fields=["path", "depth"])

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="unit_not_own_parent",
                violation_error_message=_("单位不能是自己的上级单位。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The code is stored with ASCII digits: full-width ``５１３３`` becomes ``5133``, another script's digit
        is refused (issue 14.5), so that lookups by code from imports and filters find it."""
        from django.core.exceptions import ValidationError

        try:
            self.code = ascii_digits(self.code, label=_("单位编码"))
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from error

    def levels_below(self) -> int:
        """How many levels of units hang below this one (0 for a new unit or a leaf). One query."""
        if not self.pk or not self.path:
            return 0
        deepest = Unit.objects.filter(path__startswith=self.path).aggregate(deepest=models.Max("depth"))["deepest"]
        stored_depth = self.path.count(".") - 1
        return max((deepest or stored_depth) - stored_depth, 0)

    def save(self, *args, **kwargs) -> None:
        if self.sort_order is None:
            self.sort_order = default_unit_sort_order(parent_id=self.parent_id, kind=self.kind, exclude_pk=self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sort_order"}
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = self._computed_path()
        if new_path != old_path:
            self._move_subtree(old_path, new_path)

    def _computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{unit_path_segment(self.sort_order, self.pk)}"

    def _move_subtree(self, old_path: str, new_path: str) -> None:
        """Rewrite the path of this unit and of every unit below it in one statement, after a change of
        parent or of 排序号 (either is part of the path): the old prefix is replaced by the new one, so the
        subtree (``path__startswith``) keeps exactly the same units, in the same order among themselves.
        A new unit (no old path) writes only its own row."""
        depth = new_path.count(".") - 1
        if old_path:
            Unit.objects.filter(path__startswith=old_path).update(
                path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)),
                # this unit's depth from its new path (the row just saved may carry a stale one), the
                # descendants' shifted by the change of level
                depth=models.Case(
                    models.When(pk=self.pk, then=models.Value(depth)),
                    default=models.F("depth") + (new_path.count(".") - old_path.count(".")),
                    output_field=models.PositiveSmallIntegerField(),
                ),
            )
        else:
            Unit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
        self.path, self.depth = new_path, depth

    def subtree(self) -> models.QuerySet["Unit"]:
        """This unit and every unit below it."""
        return Unit.objects.filter(path__startswith=self.path)


def unit_too_deep_message(levels: int) -> str:
    """The refusal of a unit tree deeper than ``Unit.path`` holds (``levels``: the tree's depth it would reach)."""
    return _("单位层级过深：单位树最多 %(most)d 级，这样设置将达到 %(levels)d 级。") % {
        "most": UNIT_PATH_MAX_DEPTH,
        "levels": levels,
    }


def unit_path_segment(sort_order: int | None, pk: int) -> str:
    """ "0700000012.": a unit's part of the materialized path, its 排序号 then its primary key."""
    order = min(sort_order or 0, UNIT_SORT_ORDER_MAX)
    return f"{order:0{UNIT_SORT_ORDER_WIDTH}d}{pk:0{UNIT_PATH_SEGMENT_WIDTH}d}."


def unit_path_pks(path: str) -> list[int]:
    """The primary keys along a materialized path, root first ("0100000001.0700000012." → [1, 12])."""
    return [int(segment[-UNIT_PATH_SEGMENT_WIDTH:]) for segment in path.split(".") if segment]


def default_unit_sort_order(*, parent_id: int | None, kind: str, exclude_pk: int | None = None) -> int:
    """The 排序号 a unit takes when none is given: after its siblings of the same kind (one query), or the
    kind's first number (``unit_kind_sort_base``)."""
    base = unit_kind_sort_base(kind)
    last = (
        Unit.objects.filter(parent_id=parent_id, sort_order__gte=base, sort_order__lt=base + UNIT_KIND_SORT_STEP)
        .exclude(pk=exclude_pk)
        .aggregate(last=models.Max("sort_order"))["last"]
    )
    return base if last is None else min(last + 1, base + UNIT_KIND_SORT_STEP - 1)


class Cadre(TimeStampedModel):
    """A cadre's record: identity, education, political status, category, unit, post and rank.

    The current post and rank are kept in step with the career history by the services that write it.
    ``name_pinyin`` and ``name_initials`` are search keys derived from the name on every save.
    """

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, editable=False, db_index=True, default="")
    name_initials = models.CharField(_("拼音首字母"), max_length=50, editable=False, db_index=True, default="")
    gender = models.CharField(_("性别"), max_length=1, choices=Gender)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity, default=Ethnicity.HAN)
    birth_date = models.DateField(_("出生日期"))
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    native_place = models.CharField(_("籍贯"), max_length=100, blank=True)
    education_full_time = models.CharField(_("全日制学历"), max_length=32, choices=Education, blank=True)
    education_in_service = models.CharField(_("在职学历"), max_length=32, choices=Education, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=32, choices=PoliticalStatus, default=PoliticalStatus.MASSES
    )
    party_join_date = models.DateField(_("入党时间"), null=True, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    category = models.CharField(_("人员类别"), max_length=32, choices=Category)
    unit = models.ForeignKey(Unit, verbose_name=_("工作单位"), on_delete=models.PROTECT, related_name="cadres")
    post_title = models.CharField(_("现任职务"), max_length=100, blank=True)
    post_date = models.DateField(_("任现职时间"), null=True, blank=True)
    leadership_level = models.PositiveSmallIntegerField(
        _("领导职务层次"), choices=LeadershipLevel, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("职级"), choices=Rank, null=True, blank=True)
    rank_date = models.DateField(_("任现职级时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=32, choices=CadreStatus, default=CadreStatus.ACTIVE)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    # 排序号: the cadre's place within the unit on rosters; empty = by post (cadres.selectors.in_official_order).
    sort_order = models.PositiveIntegerField(
        _("排序号"),
        null=True,
        blank=True,
        help_text=_(
            "在本单位名单中的位次，数字小的在前；留空按职务排序（书记100、正职200、副书记300、副职400、其他500）。"
        ),
    )
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["unit", "name_pinyin"], name="cadre_unit_pinyin_idx"),
            models.Index(fields=["status", "category"], name="cadre_status_category_idx"),
            models.Index(fields=["birth_date"], name="cadre_birth_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id_number__regex=r"^[0-9]{17}[0-9X]$"),
                name="cadre_id_number_format",
                violation_error_message=_("身份证号应为18位：前17位为数字，末位为数字或X。"),
            ),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True) | models.Q(rank__gte=1, rank__lte=12),
                name="cadre_rank_range",
                violation_error_message=_("职级不在综合管理类职级序列内。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The ID number must be well formed, carry the right check character and agree with the person."""
        from django.core.exceptions import ValidationError

        self.id_number = rules.normalize_id_number(self.id_number)
        problems = rules.id_number_problems(self.id_number, birth_date=self.birth_date, gender=self.gender)
        if problems:
            raise ValidationError({"id_number": problems})
        try:
            self.phone = ascii_digits(self.phone, label=_("联系电话"))
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
        if self.party_join_date and self.birth_date and self.party_join_date <= self.birth_date:
            raise ValidationError({"party_join_date": _("入党时间应晚于出生日期。")})
        if self.work_start_date and self.birth_date and self.work_start_date <= self.birth_date:
            raise ValidationError({"work_start_date": _("参加工作时间应晚于出生日期。")})

    @property
    def masked_id_number(self) -> str:
        return rules.mask_id_number(self.id_number)

    @property
    def retirement(self) -> rules.Retirement:
        """The statutory retirement under the 2024 decision (domain-rules §11): group, age, day reached."""
        return rules.retirement(birth_date=self.birth_date, gender=self.gender, category=self.category)

    @property
    def retirement_date(self):
        """The day the statutory retirement age is reached (domain-rules §11)."""
        return self.retirement.on


class FamilyMember(TimeStampedModel):
    """家庭主要成员及重要社会关系: one row of the 干部任免审批表's family table (relation, name, birth date,
    political status, work unit and post). ``sort_order`` keeps the order staff gave; spouse first by default."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="family_members")
    relation = models.CharField(_("称谓"), max_length=24, choices=FamilyRelation)
    name = models.CharField(_("姓名"), max_length=50)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=32, choices=PoliticalStatus, blank=True)
    work_unit_and_post = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("家庭成员及重要社会关系")
        verbose_name_plural = _("家庭成员及重要社会关系")
        ordering = ["cadre", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}"


class EducationRecord(TimeStampedModel):
    """One stretch of education (学历学位): full-time (全日制) or in service (在职), with the school and major,
    the dates, and the level and degree obtained. Full-time stretches are lines of the résumé (简历) and
    are checked against the work start by the record audit."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="education_records")
    kind = models.CharField(_("教育类别"), max_length=16, choices=EducationKind)
    level = models.CharField(_("学历"), max_length=32, choices=Education)
    degree = models.CharField(_("学位"), max_length=16, choices=Degree, blank=True)
    school_and_major = models.CharField(_("毕业院校系及专业"), max_length=200)
    start_date = models.DateField(_("入学时间"))
    end_date = models.DateField(_("毕业时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("学历学位")
        verbose_name_plural = _("学历学位")
        ordering = ["cadre", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("start_date")),
                name="education_record_ends_after_start",
                violation_error_message=_("毕业时间应晚于入学时间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_and_major}"


class CorrectionRequest(TimeStampedModel):
    """A cadre's request to correct his or her own record (更正申请, issue 15.9), from 我的档案.

    ``current_value`` is what the record said when the request was made (empty for a free-text item such as
    任职经历); staff with the right to change the cadre accept or reject it with a reply, and make an accepted
    correction through the record's own forms (a career field through an appointment), so that every change
    keeps its document. The request's own history is kept.
    """

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="correction_requests"
    )
    item = models.CharField(_("更正项目"), max_length=32, choices=CorrectionItem)
    current_value = models.CharField(_("档案原内容"), max_length=200, blank=True)
    requested_value = models.CharField(_("应更正为"), max_length=200)
    reason = models.TextField(_("理由及依据"), max_length=1000)
    status = models.CharField(_("状态"), max_length=16, choices=CorrectionStatus, default=CorrectionStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reply = models.CharField(_("处理意见"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("更正申请")
        verbose_name_plural = _("更正申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "cadre"], name="correction_status_cadre_idx")]

    def __str__(self) -> str:
        return f"{self.cadre.name} · {self.get_item_display()}"
