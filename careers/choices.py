"""Enumerations of careers and accountability (能上能下; domain-rules §1 and §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    """任免 kinds. 录用 (``HIRE``) is a new civil servant's hire: it takes a non-leadership post and starts the
    录用试用期 (domain-rules §2, art. 25), during which the annual assessment gives no grade."""

    HIRE = "hire", _("录用")
    PROMOTION = "promotion", _("提拔任职")
    LATERAL_TRANSFER = "lateral_transfer", _("平级转任")
    EXCHANGE = "exchange", _("交流任职")
    REMOVAL = "removal", _("免职")
    DEMOTION = "demotion", _("降职")
    LEAVE_LEADERSHIP = "leave_leadership", _("退出领导岗位")
    CHANGE_TO_RANK = "change_to_rank", _("改任职级")


# Kinds after which the cadre holds the post written on the record; the others take a post away.
POST_TAKING_APPOINTMENT_KINDS = frozenset(
    {
        AppointmentKind.HIRE,
        AppointmentKind.PROMOTION,
        AppointmentKind.LATERAL_TRANSFER,
        AppointmentKind.EXCHANGE,
        AppointmentKind.DEMOTION,
        AppointmentKind.CHANGE_TO_RANK,
    }
)


# Kinds that start a probation: the promotion's 任职试用期 and the hire's 录用试用期.
PROBATION_APPOINTMENT_KINDS = frozenset({AppointmentKind.HIRE, AppointmentKind.PROMOTION})


class ProbationOutcome(models.TextChoices):
    """Outcome of a probation: a promotion's 任职试用期 or a hire's 录用试用期."""

    PENDING = "pending", _("试用中")
    CONFIRMED = "confirmed", _("正式任职")
    FAILED = "failed", _("试用不合格")


class RankChangeKind(models.TextChoices):
    PROMOTION = "promotion", _("晋升")
    DEMOTION = "demotion", _("降低")
    CONVERSION = "conversion", _("套转")
    RESTORATION = "restoration", _("恢复")


class RecordFamily(models.TextChoices):
    ORGANIZATIONAL_MEASURE = "organizational_measure", _("组织处理")
    PARTY_DISCIPLINE = "party_discipline", _("党纪处分")
    GOVERNMENT_SANCTION = "government_sanction", _("政务处分")
    INVESTIGATION = "investigation", _("立案审查调查")
    # 党章 art. 9: a member without revolutionary will, or who does not meet the membership duties, is advised
    # to leave and removed from the rolls (除名) if he will not; not a discipline (处分), so no §1 table applies.
    UNQUALIFIED_MEMBER_DISPOSAL = "unqualified_member_disposal", _("处置不合格党员")


class RecordKind(models.TextChoices):
    """Every kind of accountability record, grouped by family (see ``RECORD_KIND_FAMILY``)."""

    REMINDER_TALK = "reminder_talk", _("提醒谈话")
    WRITTEN_INQUIRY = "written_inquiry", _("函询")
    ADMONISHMENT = "admonishment", _("诫勉")
    SUSPENSION = "suspension", _("停职检查")
    POST_ADJUSTMENT = "post_adjustment", _("调整职务")
    ORDERED_RESIGNATION = "ordered_resignation", _("责令辞职")
    REMOVAL = "removal", _("免职")
    DEMOTION = "demotion", _("降职")
    PARTY_WARNING = "party_warning", _("党内警告")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("党内严重警告")
    PARTY_POST_REVOKED = "party_post_revoked", _("撤销党内职务")
    PARTY_PROBATION = "party_probation", _("留党察看")
    PARTY_EXPULSION = "party_expulsion", _("开除党籍")
    SANCTION_WARNING = "sanction_warning", _("政务警告")
    DEMERIT = "demerit", _("记过")
    MAJOR_DEMERIT = "major_demerit", _("记大过")
    GRADE_DEMOTION = "grade_demotion", _("降级")
    DISMISSAL_FROM_POST = "dismissal_from_post", _("撤职")
    EXPULSION = "expulsion", _("开除")
    INVESTIGATION = "investigation", _("立案审查调查")
    PARTY_ROLL_REMOVAL = "party_roll_removal", _("除名")


RECORD_KIND_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        [
            RecordKind.REMINDER_TALK,
            RecordKind.WRITTEN_INQUIRY,
            RecordKind.ADMONISHMENT,
            RecordKind.SUSPENSION,
            RecordKind.POST_ADJUSTMENT,
            RecordKind.ORDERED_RESIGNATION,
            RecordKind.REMOVAL,
            RecordKind.DEMOTION,
        ],
        RecordFamily.ORGANIZATIONAL_MEASURE,
    ),
    **dict.fromkeys(
        [
            RecordKind.PARTY_WARNING,
            RecordKind.PARTY_SERIOUS_WARNING,
            RecordKind.PARTY_POST_REVOKED,
            RecordKind.PARTY_PROBATION,
            RecordKind.PARTY_EXPULSION,
        ],
        RecordFamily.PARTY_DISCIPLINE,
    ),
    **dict.fromkeys(
        [
            RecordKind.SANCTION_WARNING,
            RecordKind.DEMERIT,
            RecordKind.MAJOR_DEMERIT,
            RecordKind.GRADE_DEMOTION,
            RecordKind.DISMISSAL_FROM_POST,
            RecordKind.EXPULSION,
        ],
        RecordFamily.GOVERNMENT_SANCTION,
    ),
    RecordKind.INVESTIGATION: RecordFamily.INVESTIGATION,
    RecordKind.PARTY_ROLL_REMOVAL: RecordFamily.UNQUALIFIED_MEMBER_DISPOSAL,
}

# The families only a party member (正式 or 预备) can be given: discipline and removal from the rolls.
PARTY_MEMBER_FAMILIES = frozenset({RecordFamily.PARTY_DISCIPLINE, RecordFamily.UNQUALIFIED_MEMBER_DISPOSAL})


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")
    CORRECTED = "corrected", _("已更正")


class InvestigationOutcome(models.TextChoices):
    NO_SANCTION = "no_sanction", _("未予处分")
    WARNING_ONLY = "warning_only", _("仅予警告")
    SANCTIONED = "sanctioned", _("给予处分")
    TRANSFERRED = "transferred", _("移送司法机关")


class BarKind(models.TextChoices):
    """What a record bars while it is in effect."""

    PROMOTION = "promotion", _("不得晋升职务、职级、级别")
    AWARD = "award", _("不得评优奖励")
    LEADERSHIP_POST = "leadership_post", _("不得担任领导职务")
    ABOVE_OLD_LEVEL = "above_old_level", _("不得担任高于原任职务层次的职务")
    PAY_STEP = "pay_step", _("不得晋升工资档次")
    REJOIN_PARTY = "rejoin_party", _("不得重新入党")


# The measures after which the cadre may hold no leadership post for a while, then nothing above the level
# held before (domain-rules §1): the measure records that old level.
OLD_LEVEL_MEASURE_KINDS = frozenset({RecordKind.ORDERED_RESIGNATION, RecordKind.REMOVAL})

# The sanctions an investigation may close with when the outcome is 给予处分 (heavier than a warning): the
# investigated year's grade then takes that sanction's own cap (domain-rules §2, 考核规定 art. 28–29).
INVESTIGATION_SANCTION_KINDS = (
    RecordKind.DEMERIT,
    RecordKind.MAJOR_DEMERIT,
    RecordKind.GRADE_DEMOTION,
    RecordKind.DISMISSAL_FROM_POST,
    RecordKind.EXPULSION,
    RecordKind.PARTY_SERIOUS_WARNING,
    RecordKind.PARTY_POST_REVOKED,
    RecordKind.PARTY_PROBATION,
    RecordKind.PARTY_EXPULSION,
)


class GradeCapKind(models.TextChoices):
    """The cap on a year's annual grade, lightest first (domain-rules §2: the heaviest wins)."""

    NONE = "none", _("无限制")
    NOT_EXCELLENT = "not_excellent", _("不得评为优秀")
    UNGRADED = "ungraded", _("不定等次")
    INCOMPETENT = "incompetent", _("定为不称职")


GRADE_CAP_SEVERITY = {
    GradeCapKind.NONE: 0,
    GradeCapKind.NOT_EXCELLENT: 1,
    GradeCapKind.UNGRADED: 2,
    GradeCapKind.INCOMPETENT: 3,
}


class UnfitSituation(models.TextChoices):
    """Situations in which a leader is unfit for the current post (推进领导干部能上能下规定 2022, art. 9)."""

    POLITICAL_WEAKNESS = "political_weakness", _("政治能力不强，贯彻落实党中央决策部署不坚决不全面不到位")
    LACK_OF_RESPONSIBILITY = "lack_of_responsibility", _("不担当不作为，面对矛盾问题推诿扯皮、敷衍塞责")
    INSUFFICIENT_ABILITY = "insufficient_ability", _("能力不足，不能胜任现职岗位要求")
    DEMOCRATIC_CENTRALISM = "democratic_centralism", _("违反民主集中制原则，独断专行或软弱放任")
    PARTY_GOVERNANCE = "party_governance", _("不履行或者不正确履行管党治党政治责任")
    IDEOLOGICAL_WORK = "ideological_work", _("落实意识形态工作责任制不力")
    ORGANIZATIONAL_DISCIPLINE = "organizational_discipline", _("违反组织纪律，选人用人问题突出或个人有关事项报告不实")
    DERELICTION = "dereliction", _("工作失职，造成较大损失或者恶劣影响")
    FORMALISM = "formalism", _("作风不实，形式主义、官僚主义问题突出")
    EIGHT_RULES = "eight_rules", _("违反中央八项规定精神")
    LOW_PUBLIC_APPROVAL = "low_public_approval", _("群众认可度低，考核考察中民主测评较差")
    FAMILY_CONDUCT = "family_conduct", _("家风不正，对配偶子女及身边工作人员失管失教")
    MORAL_CONDUCT = "moral_conduct", _("道德品行较差，造成不良影响")
    HEALTH = "health", _("因健康原因无法正常履行工作职责一年以上")
    OTHER = "other", _("其他不适宜担任现职的情形")


class UnfitDecision(models.TextChoices):
    """调整方式 (推进领导干部能上能下规定 2022)."""

    REASSIGNMENT = "reassignment", _("调离岗位")
    CHANGE_TO_RANK = "change_to_rank", _("改任职级")
    REMOVAL = "removal", _("免职")
    DEMOTION = "demotion", _("降职")


# The career record and the organizational measure each decision creates.
UNFIT_DECISION_APPOINTMENT_KIND = {
    UnfitDecision.REASSIGNMENT: AppointmentKind.LATERAL_TRANSFER,
    UnfitDecision.CHANGE_TO_RANK: AppointmentKind.CHANGE_TO_RANK,
    UnfitDecision.REMOVAL: AppointmentKind.REMOVAL,
    UnfitDecision.DEMOTION: AppointmentKind.DEMOTION,
}
UNFIT_DECISION_MEASURE_KIND = {
    UnfitDecision.REASSIGNMENT: RecordKind.POST_ADJUSTMENT,
    UnfitDecision.CHANGE_TO_RANK: RecordKind.POST_ADJUSTMENT,
    UnfitDecision.REMOVAL: RecordKind.REMOVAL,
    UnfitDecision.DEMOTION: RecordKind.DEMOTION,
}


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("已启动")
    INVESTIGATING = "investigating", _("调查核实中")
    DECIDED = "decided", _("已决定")


class FaultToleranceDistinction(models.TextChoices):
    """三个区分开来."""

    INEXPERIENCE_IN_REFORM = (
        "inexperience_in_reform",
        _("推进改革中因缺乏经验、先行先试出现的失误，区别于明知故犯的违纪违法行为"),
    )
    EXPLORATORY_TRIAL = (
        "exploratory_trial",
        _("尚无明确限制的探索性试验中的失误，区别于明令禁止后依然我行我素的违纪违法行为"),
    )
    UNINTENTIONAL_FOR_DEVELOPMENT = (
        "unintentional_for_development",
        _("为推动发展的无意过失，区别于为谋取私利的违纪违法行为"),
    )


class FaultToleranceOutcome(models.TextChoices):
    EXEMPT = "exempt", _("免责")
    LENIENT = "lenient", _("从轻")
    NOT_EXEMPT = "not_exempt", _("不予免责")
