"""Assessment (考核): periods and the annual results they confirm (domain-rules §1–§3).

``AnnualResult`` is the contract the rest of the system reads (the rewards engine, the cadre page): one row
per cadre and year, written by a period's confirmation (``source=assessed``) or entered for years before
the system (``source=imported``). A result counts from its ``confirmed_on``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.choices import Grade, PeriodKind, PeriodState, ResultSource, UngradedReason
from core.history import HistoricalRecords
from core.models import TimeStampedModel


class Period(TimeStampedModel):
    """One assessment period (考核周期): the annual assessment of a year, a quarter's regular assessment, or a
    named special assessment. Its ``state`` moves only along ``assessments.rules.TRANSITIONS``, through
    ``assessments.services.period_transition``, which records who, when and why."""

    kind = models.CharField(_("考核种类"), max_length=16, choices=PeriodKind)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    name = models.CharField(_("名称"), max_length=100)
    state = models.CharField(_("状态"), max_length=20, choices=PeriodState, default=PeriodState.DRAFT)
    publicity_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确定日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["-year", "kind", "quarter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind=PeriodKind.ANNUAL),
                name="period_one_annual_per_year",
                violation_error_message=_("该年度已有年度考核周期。"),
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=Q(kind=PeriodKind.REGULAR),
                name="period_one_regular_per_quarter",
                violation_error_message=_("该季度已有平时考核周期。"),
            ),
            models.UniqueConstraint(
                fields=["year", "name"],
                condition=Q(kind=PeriodKind.SPECIAL),
                name="period_special_name_unique_in_year",
                violation_error_message=_("该年度已有同名的专项考核。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=PeriodKind.REGULAR, quarter__gte=1, quarter__lte=4)
                | (~Q(kind=PeriodKind.REGULAR) & Q(quarter__isnull=True)),
                name="period_quarter_only_for_regular",
                violation_error_message=_("平时考核须填写季度（1–4），其他考核不填季度。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="period_year_range",
                violation_error_message=_("考核年度应在1990至2100年之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AnnualResult(TimeStampedModel):
    """年度考核结果: one cadre's grade of one year, unique in the database.

    ``source=assessed`` rows are written by the confirmation of an annual period (``period`` set);
    ``source=imported`` rows are past years entered or imported by staff (``period`` empty). Both count the
    same in the rules, from ``confirmed_on``. ``ungraded_reason`` is set exactly when the grade is 不定等次.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="annual_results"
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    grade = models.CharField(_("等次"), max_length=24, choices=Grade)
    ungraded_reason = models.CharField(_("不定等次原因"), max_length=16, choices=UngradedReason, blank=True)
    confirmed_on = models.DateField(_("确定日期"))
    source = models.CharField(_("来源"), max_length=16, choices=ResultSource)
    period = models.ForeignKey(
        Period,
        verbose_name=_("考核周期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_results",
    )
    comment = models.TextField(_("评语"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("年度考核结果")
        verbose_name_plural = _("年度考核结果")
        ordering = ["-year", "cadre_id"]
        indexes = [models.Index(fields=["year", "grade"], name="annual_result_year_grade_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="annual_result_one_per_cadre_year",
                violation_error_message=_("该干部该年度已有考核结果。"),
            ),
            models.CheckConstraint(
                condition=(Q(grade=Grade.UNGRADED) & ~Q(ungraded_reason=""))
                | (~Q(grade=Grade.UNGRADED) & Q(ungraded_reason="")),
                name="annual_result_ungraded_reason_iff_ungraded",
                violation_error_message=_("不定等次须注明原因；其他等次不填不定等次原因。"),
            ),
            models.CheckConstraint(
                condition=Q(source=ResultSource.ASSESSED, period__isnull=False)
                | Q(source=ResultSource.IMPORTED, period__isnull=True),
                name="annual_result_period_iff_assessed",
                violation_error_message=_("考核周期确定的结果须关联考核周期，历史录入的结果不关联。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="annual_result_year_range",
                violation_error_message=_("考核年度应在1990至2100年之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year} {self.get_grade_display()}"
