"""Pure rules of careers and accountability (domain-rules §1 and §2): plain data in, decisions out.

No ORM and no I/O. Every period and bar length is read from ``django.conf.settings`` at call time
(config/settings/rules.py, "§1/§2 career"), so the organization department can change it and tests can
override it. The page, the API, the batch selector and the jobs all call these functions, so they agree.

Conventions:
- periods are those of ``core.periods``: an effect period of P months starting on day D covers D up to
  ``period_last_day(D, P)`` (a 6-month 警告 of 2024-03-15 covers 2024-03-15 … 2024-09-14 and lifts itself
  on 2024-09-15), and "至" names that last day;
- ``Bar.until`` is the last day barred, or None while the bar has no end (开除, an open investigation);
- each bar forbids only what it names: ``BarKind.PROMOTION`` a promotion of post (提拔) or rank (晋升);
  ``LEADERSHIP_POST`` any leadership post; ``ABOVE_OLD_LEVEL`` a leadership post above ``Bar.level``
  (``post_refusing_bars`` and ``rank_promotion_refusing_bars`` apply them);
- a revoked or corrected record keeps its history but bars nothing from its revocation date on;
- a record whose fault-tolerance case ended in 免责 (``exempted``) bars nothing and caps no grade.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from cadres.choices import LeadershipLevel, Rank
from careers.choices import (
    GRADE_CAP_SEVERITY,
    PROBATION_APPOINTMENT_KINDS,
    RECORD_KIND_FAMILY,
    BarKind,
    CaseStatus,
    GradeCapKind,
    InvestigationOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordFamily,
    RecordKind,
    RecordStatus,
)
from core.periods import period_last_day

SANCTION_CLAUSE = "政务处分法第8条"
PARTY_CLAUSE = "中国共产党纪律处分条例"
MEASURE_CLAUSE = "推进领导干部能上能下规定"
INVESTIGATION_CLAUSE = "公务员法第62条、职务与职级并行规定第21条"
AWARD_CLAUSE = "公务员法第56条"
GRADE_CLAUSE = "公务员考核规定第29条"
INVESTIGATION_GRADE_CLAUSE = "公务员考核规定第28条"


RANK_CEILING_CLAUSE = "职务与职级并行规定"


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """The facts of one accountability record that the rules use.

    ``outcome`` and ``sanction_kind`` are an investigation's closing result (``InvestigationOutcome``, and
    the sanction given when it is 给予处分); ``old_leadership_level`` is the level held before a 免职 or
    责令辞职 (``LeadershipLevel`` value, None when not recorded).
    """

    id: int
    kind: str
    decided_on: date
    revoked_on: date | None = None
    probation_years: int | None = None
    ends_on: date | None = None
    closed_on: date | None = None
    exempted: bool = False
    outcome: str = ""
    sanction_kind: str = ""
    old_leadership_level: int | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    """One thing a cadre may not have on a date, until when (None: no end yet) and why.

    ``level`` is the old leadership level of an ``ABOVE_OLD_LEVEL`` bar (None: not recorded, so every
    leadership post is refused until the bar ends).
    """

    kind: str
    since: date
    until: date | None
    source_id: int
    reason: str
    level: int | None = None

    @property
    def label(self) -> str:
        return str(BarKind(self.kind).label)


@dataclass(frozen=True, slots=True)
class GradeCap:
    """The cap on a year's annual grade, the record that sets it, and why.

    ``pending`` is True while the year is ungraded only because an investigation open when the grade was
    set has not closed yet: its outcome will decide the grade (考核规定 art. 28).
    """

    kind: str
    reason: str = ""
    source_id: int | None = None
    pending: bool = False

    @property
    def label(self) -> str:
        return str(GradeCapKind(self.kind).label)


NO_GRADE_CAP = GradeCap(kind=GradeCapKind.NONE)


def _kind_label(kind: str) -> str:
    return str(RecordKind(kind).label)


def _until_text(until: date | None) -> str:
    return _("长期") if until is None else _("至%(day)s") % {"day": until.isoformat()}


def record_bars(record: RecordFacts) -> list[Bar]:
    """Every bar a record sets over its whole life (before revocation), with its span.

    Implements domain-rules §1: the government-sanction table (政务处分法 art. 8, 公务员法 art. 64), the
    party-discipline table, the organizational-measure table, and the investigation bar (§5, art. 21).
    A removal from the party rolls (除名, 党章 art. 9) is not a discipline and no table of §1 names it: it
    bars nothing here.
    """
    if record.exempted:
        return []
    family = RECORD_KIND_FAMILY.get(record.kind)
    start = record.decided_on
    bars: list[Bar] = []

    def add(kind: str, until: date | None, reason: str, level: int | None = None) -> None:
        bars.append(Bar(kind=kind, since=start, until=until, source_id=record.id, reason=reason, level=level))

    label = _kind_label(record.kind)
    if family == RecordFamily.GOVERNMENT_SANCTION:
        months = settings.CAREERS_SANCTION_PERIOD_MONTHS.get(record.kind)
        until = None if months is None else period_last_day(start, months)
        period = _("影响期为终身") if months is None else _("影响期%(months)s个月") % {"months": months}
        base = f"{SANCTION_CLAUSE}：{label}，{period}（{_until_text(until)}）"
        add(BarKind.PROMOTION, until, f"{base}，{_('期间不得晋升职务、职级、级别')}")
        add(BarKind.AWARD, until, f"{base}，{AWARD_CLAUSE}{_('：期间不得评优奖励')}")
        if record.kind in settings.CAREERS_SANCTION_PAY_STEP_KINDS:
            add(BarKind.PAY_STEP, until, f"{base}，{_('记过及以上处分期间不得晋升工资档次')}")
    elif family == RecordFamily.PARTY_DISCIPLINE:
        if record.kind == RecordKind.PARTY_EXPULSION:
            months = settings.CAREERS_PARTY_REJOIN_BAR_MONTHS
            until = period_last_day(start, months)
            add(
                BarKind.REJOIN_PARTY,
                until,
                f"{PARTY_CLAUSE}：{label}，"
                + _("%(months)s个月内不得重新入党（%(until)s）") % {"months": months, "until": _until_text(until)},
            )
            return bars
        months = settings.CAREERS_PARTY_DISCIPLINE_BAR_MONTHS[record.kind]
        if record.kind == RecordKind.PARTY_PROBATION:
            years = record.probation_years or 1
            until = period_last_day(start, 12 * years + months)
            text = _("留党察看%(years)s年，恢复党员权利后%(months)s个月内不得提拔") % {"years": years, "months": months}
        else:
            until = period_last_day(start, months)
            text = _("%(label)s，%(months)s个月内不得提拔") % {"label": label, "months": months}
        base = f"{PARTY_CLAUSE}：{text}（{_until_text(until)}）"
        add(BarKind.PROMOTION, until, base)
        add(BarKind.AWARD, until, f"{base}，{AWARD_CLAUSE}{_('：期间不得评优奖励')}")
    elif family == RecordFamily.ORGANIZATIONAL_MEASURE:
        if record.kind in (RecordKind.ORDERED_RESIGNATION, RecordKind.REMOVAL):
            leadership_months = settings.CAREERS_MEASURE_LEADERSHIP_BAR_MONTHS
            above_months = settings.CAREERS_MEASURE_ABOVE_OLD_LEVEL_BAR_MONTHS
            leadership_until = period_last_day(start, leadership_months)
            above_until = period_last_day(start, above_months)
            add(
                BarKind.LEADERSHIP_POST,
                leadership_until,
                f"{MEASURE_CLAUSE}：{label}，"
                + _("%(months)s个月内不得担任领导职务（%(until)s）")
                % {"months": leadership_months, "until": _until_text(leadership_until)},
            )
            old_level = record.old_leadership_level
            add(
                BarKind.ABOVE_OLD_LEVEL,
                above_until,
                f"{MEASURE_CLAUSE}：{label}，"
                + (
                    _("%(months)s个月内不得担任高于原任职务层次（%(level)s）的领导职务（%(until)s）")
                    % {
                        "months": above_months,
                        "level": LeadershipLevel(old_level).label,
                        "until": _until_text(above_until),
                    }
                    if old_level
                    else _("%(months)s个月内不得担任高于原任职务层次的领导职务（原任职务层次未登记，%(until)s）")
                    % {"months": above_months, "until": _until_text(above_until)}
                ),
                level=old_level,
            )
        elif record.kind == RecordKind.SUSPENSION:
            until = record.ends_on
            add(
                BarKind.PROMOTION,
                until,
                f"{MEASURE_CLAUSE}：{label}，" + _("停职检查期间不得提拔（%(until)s）") % {"until": _until_text(until)},
            )
        else:
            months = settings.CAREERS_MEASURE_BAR_MONTHS.get(record.kind, 0)
            if months:
                until = period_last_day(start, months)
                add(
                    BarKind.PROMOTION,
                    until,
                    f"{MEASURE_CLAUSE}：{label}，"
                    + _("%(months)s个月内不得提拔（%(until)s）") % {"months": months, "until": _until_text(until)},
                )
    elif family == RecordFamily.INVESTIGATION:
        until = None if record.closed_on is None else record.closed_on - timedelta(days=1)
        add(
            BarKind.PROMOTION,
            until,
            f"{INVESTIGATION_CLAUSE}：" + _("立案审查调查期间不得晋升（%(until)s）") % {"until": _until_text(until)},
        )
    return bars


def bars_on(records: Iterable[RecordFacts], on_date: date) -> list[Bar]:
    """The bars in force on ``on_date`` (domain-rules §1), each with its end and its reason.

    A revoked record stops barring on its revocation date; the end shown is then the day before it.
    """
    result = []
    for record in records:
        if record.decided_on > on_date or (record.revoked_on is not None and record.revoked_on <= on_date):
            continue
        for bar in record_bars(record):
            if bar.until is not None and bar.until < on_date:
                continue
            if record.revoked_on is not None:
                last = record.revoked_on - timedelta(days=1)
                if bar.until is None or last < bar.until:
                    bar = replace(bar, until=last)
            result.append(bar)
    result.sort(key=lambda bar: (bar.kind, bar.source_id))
    return result


def grade_set_date(year: int) -> date:
    """The day the annual grade of ``year`` is set (a setting: by default 31 January of the next year)."""
    month, day = settings.CAREERS_GRADE_SET_MONTH_DAY
    return date(year + 1, month, day)


def _record_grade_cap(record: RecordFacts, year: int, graded_on: date) -> GradeCap:
    if record.kind == RecordKind.INVESTIGATION:
        return _investigation_grade_cap(record, year, graded_on)
    label = _kind_label(record.kind)
    effect = settings.CAREERS_GRADE_CAPS.get(record.kind)
    if effect is None:
        return NO_GRADE_CAP
    cap_that_year, following_years = effect
    if following_years is None:
        following_years = record.probation_years or 1
    first_year = record.decided_on.year
    if year == first_year:
        return GradeCap(
            kind=cap_that_year,
            reason=f"{GRADE_CLAUSE}："
            + _("%(year)s年受%(label)s，当年%(cap)s")
            % {"year": first_year, "label": label, "cap": GradeCapKind(cap_that_year).label},
            source_id=record.id,
        )
    if first_year < year <= first_year + following_years:
        return GradeCap(
            kind=GradeCapKind.UNGRADED,
            reason=f"{GRADE_CLAUSE}："
            + _("%(first)s年受%(label)s，其后第%(n)s年（%(year)s年）不定等次")
            % {"first": first_year, "label": label, "n": year - first_year, "year": year},
            source_id=record.id,
        )
    return NO_GRADE_CAP


def _investigation_grade_cap(record: RecordFacts, year: int, graded_on: date) -> GradeCap:
    """考核规定 art. 28 (domain-rules §2): a cadre under investigation when the grade of ``year`` is set is
    not graded until the case closes; then the outcome decides. Closed with no sanction: graded as normal;
    with only a warning: not 优秀; with a heavier sanction: that sanction's own cap for its year
    (CAREERS_GRADE_CAPS); transferred to the judiciary, or a sanction not recorded: ungraded.

    A case not open on the day the grade is set does not touch that year (its sanction, if any, caps the
    year it is decided in, as its own record).
    """
    opened, closed = record.decided_on, record.closed_on
    if opened > graded_on or (closed is not None and closed <= graded_on):
        return NO_GRADE_CAP
    when = _("确定%(year)s年度等次时（%(day)s）正在接受立案审查调查") % {"year": year, "day": graded_on.isoformat()}
    prefix = f"{INVESTIGATION_GRADE_CLAUSE}：{when}"
    if closed is None:
        return GradeCap(
            kind=GradeCapKind.UNGRADED,
            reason=prefix + _("，暂不定等次，结案后按结果确定"),
            source_id=record.id,
            pending=True,
        )
    closed_text = _("，%(day)s结案") % {"day": closed.isoformat()}
    if record.outcome == InvestigationOutcome.NO_SANCTION:
        return NO_GRADE_CAP
    if record.outcome == InvestigationOutcome.WARNING_ONLY:
        return GradeCap(
            kind=GradeCapKind.NOT_EXCELLENT,
            reason=prefix + closed_text + _("，仅予警告，不得评为优秀"),
            source_id=record.id,
        )
    if record.outcome == InvestigationOutcome.SANCTIONED and record.sanction_kind in settings.CAREERS_GRADE_CAPS:
        cap = settings.CAREERS_GRADE_CAPS[record.sanction_kind][0]
        return GradeCap(
            kind=cap,
            reason=prefix
            + closed_text
            + _("，给予%(sanction)s，按该处分确定：%(cap)s")
            % {"sanction": _kind_label(record.sanction_kind), "cap": GradeCapKind(cap).label},
            source_id=record.id,
        )
    if record.outcome == InvestigationOutcome.SANCTIONED:
        detail = (
            _("，给予%(sanction)s，不定等次") % {"sanction": _kind_label(record.sanction_kind)}
            if record.sanction_kind
            else _("，给予处分（处分种类未登记），不定等次")
        )
    elif record.outcome == InvestigationOutcome.TRANSFERRED:
        detail = _("，移送司法机关，不定等次")
    else:
        detail = _("，结案结果未登记，不定等次")
    return GradeCap(kind=GradeCapKind.UNGRADED, reason=prefix + closed_text + detail, source_id=record.id)


def grade_cap(records: Iterable[RecordFacts], year: int, graded_on: date | None = None) -> GradeCap:
    """The cap on the annual grade of ``year`` from a cadre's accountability records, and why.

    Implements domain-rules §2 (公务员考核规定 art. 28–29). ``records`` are all of one cadre's records
    (``careers.selectors`` builds them; order does not matter); ``graded_on`` is the day the grade is set
    (default ``grade_set_date(year)``, 31 January of the next year). Each record in force that day gives a
    cap: a discipline by its table row, an investigation open that day by its outcome (pending while it is
    still open). The heaviest wins (不称职 > 不定等次 > not 优秀), and among equals the earliest record. A
    record revoked on or before that day, or exempted, gives none. Returns ``NO_GRADE_CAP`` when nothing
    applies. This is the one function the assessment jobs and pages use, in the batch
    (``selectors.grade_caps_for_cadres``) and the per-cadre (``selectors.cadre_grade_cap``) paths alike.
    """
    graded_on = graded_on or grade_set_date(year)
    best = NO_GRADE_CAP
    best_key = (0, date.max, 0)
    for record in records:
        if record.exempted or (record.revoked_on is not None and record.revoked_on <= graded_on):
            continue
        cap = _record_grade_cap(record, year, graded_on)
        if cap.kind == GradeCapKind.NONE:
            continue
        key = (-GRADE_CAP_SEVERITY[cap.kind], record.decided_on, record.id)
        if best.kind == GradeCapKind.NONE or key < best_key:
            best, best_key = cap, key
    return best


def has_promotion_bar(bars: Iterable[Bar]) -> bool:
    """Whether any of these bars stops a promotion of post (提拔) or rank (晋升) as such (``BarKind.PROMOTION``).

    The 免职 / 责令辞职 bars name leadership posts only and do not stop a rank promotion; a post they refuse
    is found by ``post_refusing_bars``.
    """
    return any(bar.kind == BarKind.PROMOTION for bar in bars)


def post_refusing_bars(bars: Iterable[Bar], *, to_level: int | None, is_promotion: bool) -> list[Bar]:
    """The bars (in force on the date) that refuse taking a post of leadership level ``to_level``.

    domain-rules §1, §5: ``PROMOTION`` refuses a 提拔 (``is_promotion``); ``LEADERSHIP_POST`` refuses any
    post with a leadership level; ``ABOVE_OLD_LEVEL`` refuses a leadership level above the old level it
    carries (or any, when the old level was not recorded). A post without a leadership level (改任职级,
    a non-leadership post) is refused only by ``PROMOTION`` when it is a promotion.
    """
    refusing = []
    for bar in bars:
        if bar.kind == BarKind.PROMOTION:
            refused = is_promotion
        elif bar.kind == BarKind.LEADERSHIP_POST:
            refused = to_level is not None
        elif bar.kind == BarKind.ABOVE_OLD_LEVEL:
            refused = to_level is not None and (bar.level is None or to_level > bar.level)
        else:
            refused = False
        if refused:
            refusing.append(bar)
    return refusing


def rank_promotion_refusing_bars(bars: Iterable[Bar]) -> list[Bar]:
    """The bars that refuse a rank promotion (职级晋升): only ``PROMOTION`` (domain-rules §1, §5 art. 21)."""
    return [bar for bar in bars if bar.kind == BarKind.PROMOTION]


def rank_ceiling_problem(*, to_rank: int, ceiling: int | None = None) -> str | None:
    """Why ``to_rank`` may not be set in a county or township organ, or None (domain-rules §1, S).

    County and township organs set ranks up to ``RANK_CEILING_COUNTY`` (二级调研员, rank 9, by default).
    """
    ceiling = settings.RANK_CEILING_COUNTY if ceiling is None else ceiling
    if to_rank <= ceiling:
        return None
    return _("%(clause)s：县乡机关职级最高设置至%(ceiling)s（系统设置 RANK_CEILING_COUNTY），不能设置为%(rank)s。") % {
        "clause": RANK_CEILING_CLAUSE,
        "ceiling": Rank(ceiling).label,
        "rank": Rank(to_rank).label,
    }


def rank_change_problems(*, kind: str, from_rank: int | None, to_rank: int, current_rank: int | None) -> list[str]:
    """Why a rank change is not acceptable (公务员法 art. 19; 职务与职级并行规定 art. 18): one step at a time
    upward unless it is a 套转, downward for a 降低, never to the same rank, from the rank actually held."""
    problems = []
    if from_rank != current_rank:
        problems.append(_("原职级与该干部现职级不一致。"))
    if from_rank is not None and to_rank == from_rank:
        problems.append(_("调整后职级与原职级相同。"))
    if kind == RankChangeKind.PROMOTION:
        if from_rank is None:
            problems.append(_("该干部尚无职级，首次确定职级请使用“套转”。"))
        elif to_rank < from_rank:
            problems.append(_("职级晋升的新职级应高于原职级。"))
        elif to_rank - from_rank > 1:
            problems.append(
                _("职级晋升只能逐级晋升，不能跨越%(steps)s级（套转除外）。") % {"steps": to_rank - from_rank}
            )
    elif kind == RankChangeKind.DEMOTION:
        if from_rank is None or to_rank > from_rank:
            problems.append(_("职级降低的新职级应低于原职级。"))
    elif kind == RankChangeKind.RESTORATION and (from_rank is None or to_rank < from_rank):
        problems.append(_("恢复职级的新职级应高于原职级。"))
    return problems


# ---------------------------------------------------------------- records that can no longer be changed
# Each gives why a record can no longer take the step ("" while it can): the service refuses with it, and the
# step's page sends the clerk back with it before a form is filled in (core.pages.FormPage.lock).


def revoke_refusal(record) -> str:
    """撤销或更正 is for a record in force; a revoked or corrected one keeps its history as it is."""
    if record.status == RecordStatus.ACTIVE:
        return ""
    return _("该记录状态为“%(status)s”，不能重复撤销或更正。") % {"status": RecordStatus(record.status).label}


def investigation_close_refusal(record) -> str:
    """结案 is for an investigation still open (立案审查调查, not closed, in force)."""
    is_open = (
        record.kind == RecordKind.INVESTIGATION and record.closed_on is None and record.status == RecordStatus.ACTIVE
    )
    return "" if is_open else _("该记录不是未结案的立案审查调查。")


def probation_conclude_refusal(appointment) -> str:
    """试用期考核 is for a promotion's or a hire's probation whose outcome is still pending."""
    pending = appointment.probation_outcome == ProbationOutcome.PENDING
    return (
        ""
        if appointment.kind in PROBATION_APPOINTMENT_KINDS and pending
        else _("该任免记录不在试用期内，或试用结果已确定。")
    )


def unfit_case_decide_refusal(case) -> str:
    return _("该案件已作出决定，不能重复决定。") if case.status == CaseStatus.DECIDED else ""


def fault_tolerance_decide_refusal(case) -> str:
    return _("该申请已认定，不能重复认定。") if case.status == CaseStatus.DECIDED else ""
