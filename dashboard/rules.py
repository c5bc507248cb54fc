"""Pure rules of the record audit (干部信息核查, 三龄两历): plain data in, findings out. No ORM, no I/O.

Each check returns ``Finding``s naming its rule (``AuditRule``), a subject that tells two findings of one
rule apart (a date, a record id), and a message with the facts. The checks:

- the birth date against the ID number (GB 11643-1999, ``cadres.rules``);
- work started before age 16 (劳动法 art. 15: no work under 16; ``AUDIT_MIN_WORK_AGE``);
- party membership before 18 (党章 art. 1: members are 18 or older; ``AUDIT_MIN_PARTY_AGE``);
- full-time education ending after the work start;
- gaps in the career history longer than ``AUDIT_CAREER_GAP_MONTHS`` (L), and overlapping full-time
  education: between full-time stretches, from the last one to the work start, and between a removal
  (免职, 退出领导岗位) and the next post;
- the current post and rank on the record against the latest appointment and rank change;
- a rank promotion after less than the minimum time at the rank below (domain-rules §1 table, shortened
  by 6 months per confirmed 优秀 year at the rank, §5), with the rewards app's own tenure rules.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.conf import settings
from django.utils.translation import gettext as _

from cadres import rules as cadre_rules
from cadres.choices import Rank
from careers.choices import POST_TAKING_APPOINTMENT_KINDS, RankChangeKind
from core.periods import whole_months_between, whole_years_between
from dashboard.choices import AuditRule
from rewards import rules as reward_rules


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class EducationFacts:
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class AppointmentFacts:
    id: int
    effective_date: date
    kind: str
    post_title: str


@dataclass(frozen=True, slots=True)
class RankChangeFacts:
    id: int
    effective_date: date
    kind: str
    from_rank: int | None
    to_rank: int


@dataclass(frozen=True, slots=True)
class ResultFacts:
    """An annual result as ``rewards.rules.tenure_facts`` reads it."""

    year: int
    grade: str
    ungraded_reason: str
    confirmed_on: date


@dataclass(frozen=True)
class CadreFacts:
    """What the audit reads of one cadre; the lists are in date order."""

    id: int
    birth_date: date
    id_number: str
    work_start_date: date | None = None
    party_join_date: date | None = None
    post_title: str = ""
    post_date: date | None = None
    rank: int | None = None
    rank_date: date | None = None
    full_time_education: Sequence[EducationFacts] = ()
    appointments: Sequence[AppointmentFacts] = ()
    rank_changes: Sequence[RankChangeFacts] = ()
    results: Sequence[ResultFacts] = field(default_factory=tuple)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def check_birth_date(facts: CadreFacts) -> list[Finding]:
    embedded = cadre_rules.id_number_birth_date(facts.id_number) if len(facts.id_number) == 18 else None
    if embedded is None or embedded == facts.birth_date:
        return []
    return [
        Finding(
            AuditRule.BIRTH_DATE_ID_NUMBER,
            "",
            _("出生日期为%(given)s，身份证号中为%(embedded)s。")
            % {"given": _day(facts.birth_date), "embedded": _day(embedded)},
        )
    ]


def check_work_start_age(facts: CadreFacts) -> list[Finding]:
    if not facts.work_start_date:
        return []
    age = whole_years_between(facts.birth_date, facts.work_start_date)
    if age >= settings.AUDIT_MIN_WORK_AGE:
        return []
    return [
        Finding(
            AuditRule.WORK_START_UNDER_16,
            "",
            _("参加工作时间%(day)s，时年%(age)s周岁，未满%(min)s周岁。")
            % {"day": _day(facts.work_start_date), "age": age, "min": settings.AUDIT_MIN_WORK_AGE},
        )
    ]


def check_party_join_age(facts: CadreFacts) -> list[Finding]:
    if not facts.party_join_date:
        return []
    age = whole_years_between(facts.birth_date, facts.party_join_date)
    if age >= settings.AUDIT_MIN_PARTY_AGE:
        return []
    return [
        Finding(
            AuditRule.PARTY_JOIN_UNDER_18,
            "",
            _("入党时间%(day)s，时年%(age)s周岁，未满%(min)s周岁。")
            % {"day": _day(facts.party_join_date), "age": age, "min": settings.AUDIT_MIN_PARTY_AGE},
        )
    ]


def check_education_before_work(facts: CadreFacts) -> list[Finding]:
    if not facts.work_start_date:
        return []
    return [
        Finding(
            AuditRule.EDUCATION_AFTER_WORK_START,
            stretch.start.isoformat(),
            _("全日制教育%(start)s至%(end)s，毕业晚于参加工作时间%(work)s。")
            % {"start": _day(stretch.start), "end": _day(stretch.end), "work": _day(facts.work_start_date)},
        )
        for stretch in facts.full_time_education
        if stretch.end is not None and stretch.end > facts.work_start_date
    ]


def _gap(rule_subject: str, first: date, last: date, what: str) -> Finding | None:
    months = whole_months_between(first, last)
    if months <= settings.AUDIT_CAREER_GAP_MONTHS:
        return None
    return Finding(
        AuditRule.CAREER_GAP,
        rule_subject,
        _("%(what)s：%(first)s至%(last)s间断%(months)s个月，超过%(limit)s个月。")
        % {
            "what": what,
            "first": _day(first),
            "last": _day(last),
            "months": months,
            "limit": settings.AUDIT_CAREER_GAP_MONTHS,
        },
    )


def check_career_continuity(facts: CadreFacts) -> list[Finding]:
    """Gaps over the setting and overlaps in the career history (full-time education, work, posts)."""
    findings: list[Finding] = []
    spans: list[tuple[str, date, date, str]] = []  # (subject, from, to, what): the stretches with nothing on record
    stretches = sorted((s for s in facts.full_time_education if s.end is not None), key=lambda s: s.start)
    for previous, current in pairwise(stretches):
        if current.start < previous.end:
            findings.append(
                Finding(
                    AuditRule.CAREER_OVERLAP,
                    current.start.isoformat(),
                    _("全日制教育%(a_start)s至%(a_end)s与%(b_start)s至%(b_end)s时间重叠。")
                    % {
                        "a_start": _day(previous.start),
                        "a_end": _day(previous.end),
                        "b_start": _day(current.start),
                        "b_end": _day(current.end),
                    },
                )
            )
        else:
            spans.append((current.start.isoformat(), previous.end, current.start, _("两段全日制教育之间")))
    if stretches and facts.work_start_date and stretches[-1].end <= facts.work_start_date:
        spans.append((facts.work_start_date.isoformat(), stretches[-1].end, facts.work_start_date, _("毕业至参加工作")))
    appointments = sorted(facts.appointments, key=lambda a: (a.effective_date, a.id))
    for previous, current in pairwise(appointments):
        if previous.kind not in POST_TAKING_APPOINTMENT_KINDS and current.kind in POST_TAKING_APPOINTMENT_KINDS:
            spans.append(
                (f"appointment:{current.id}", previous.effective_date, current.effective_date, _("免职至再次任职"))
            )
    findings.extend(gap for span in spans if (gap := _gap(*span)))
    return findings


def check_current_post_and_rank(facts: CadreFacts) -> list[Finding]:
    """The post and rank on the record against the latest career records (the careers services keep them
    in step; a difference means a record was changed around them, or a record is missing)."""
    findings = []
    taking = [a for a in facts.appointments if a.kind in POST_TAKING_APPOINTMENT_KINDS]
    if taking:
        latest = max(taking, key=lambda a: (a.effective_date, a.id))
        if latest.post_title != facts.post_title or latest.effective_date != facts.post_date:
            findings.append(
                Finding(
                    AuditRule.POST_DISAGREES,
                    f"appointment:{latest.id}",
                    _("档案现任职务为“%(post)s”（%(since)s），最近任免记录为“%(latest)s”（%(day)s）。")
                    % {
                        "post": facts.post_title or "—",
                        "since": _day(facts.post_date),
                        "latest": latest.post_title,
                        "day": _day(latest.effective_date),
                    },
                )
            )
    if facts.rank_changes:
        latest = max(facts.rank_changes, key=lambda r: (r.effective_date, r.id))
        if latest.to_rank != facts.rank or latest.effective_date != facts.rank_date:
            findings.append(
                Finding(
                    AuditRule.RANK_DISAGREES,
                    f"rank_change:{latest.id}",
                    _("档案现职级为%(rank)s（%(since)s），最近职级变动为%(latest)s（%(day)s）。")
                    % {
                        "rank": _rank(facts.rank),
                        "since": _day(facts.rank_date),
                        "latest": _rank(latest.to_rank),
                        "day": _day(latest.effective_date),
                    },
                )
            )
    return findings


def _rank(rank: int | None) -> str:
    return str(Rank(rank).label) if rank in Rank.values else "—"


def check_rank_tenure(facts: CadreFacts, config: reward_rules.RewardSettings | None = None) -> list[Finding]:
    """A promotion to rank r+1 after fewer months at r than §1 asks (less 6 per confirmed 优秀 year at r, §5).

    The months are counted as the rewards engine counts them (``rewards.rules.tenure_months``), from the
    rank change that gave rank r to the promotion.
    """
    config = config or reward_rules.settings_snapshot()
    findings = []
    changes = sorted(facts.rank_changes, key=lambda r: (r.effective_date, r.id))
    for previous, current in pairwise(changes):
        if current.kind != RankChangeKind.PROMOTION or current.to_rank not in config.rank_min_years:
            continue
        held = reward_rules.tenure_facts(
            rank_date=previous.effective_date, results=facts.results, on_date=current.effective_date, config=config
        )
        required = reward_rules.required_months(
            target=current.to_rank, excellent_count=len(held.excellent_years), config=config
        )
        if held.tenure < required:
            findings.append(
                Finding(
                    AuditRule.RANK_TOO_SOON,
                    f"rank_change:{current.id}",
                    _("%(day)s晋升%(to)s时任%(from)s%(held)s个月，需%(required)s个月（%(clause)s）。")
                    % {
                        "day": _day(current.effective_date),
                        "to": _rank(current.to_rank),
                        "from": _rank(previous.to_rank),
                        "held": held.tenure,
                        "required": required,
                        "clause": reward_rules.RANK_CLAUSE,
                    },
                )
            )
    return findings


CHECKS = (
    check_birth_date,
    check_work_start_age,
    check_party_join_age,
    check_education_before_work,
    check_career_continuity,
    check_current_post_and_rank,
    check_rank_tenure,
)


def audit(facts: CadreFacts, config: reward_rules.RewardSettings | None = None) -> list[Finding]:
    """Every finding of every check for one cadre, in the checks' order."""
    config = config or reward_rules.settings_snapshot()
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(facts, config) if check is check_rank_tenure else check(facts))
    return findings


def audit_many(facts: Iterable[CadreFacts]) -> dict[int, list[Finding]]:
    """``audit`` over a batch, with the settings read once."""
    config = reward_rules.settings_snapshot()
    return {one.id: audit(one, config) for one in facts}
