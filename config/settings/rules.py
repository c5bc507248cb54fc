"""Regulation numbers that domain-rules.md marks S (secondary source) or L (local choice).

Every one is a setting with the documented default, so the organization department can change it through
the environment or a settings override without touching the rules. Rules read them through
``django.conf.settings`` at call time, never at import time, so ``override_settings`` works in tests.
Apps add their own section below, each headed by the domain-rules section it implements.
"""

# §1 Rank ladder: county and township organs may set ranks up to 二级调研员 (rank 9), S.
RANK_CEILING_COUNTY = 9

# ---------------------------------------------------------------------------------------------------------------
# §1/§2 career and accountability (careers app). Keys are careers.choices.RecordKind values.
# ---------------------------------------------------------------------------------------------------------------
# 任职试用期 after a promotion (提拔任职), in months.
CAREERS_PROBATION_MONTHS = 12
# §2 art. 25 (V): a new hire (录用) is on probation (录用试用期) for this many months from the date of hire (L default
# 12); a hire still on probation on the year's last day is ungraded that year (assessments), and that ungraded
# year still counts toward rank tenure (§5, rewards).
CAREERS_HIRE_PROBATION_MONTHS = 12
# The "probations ending soon" list looks this many days ahead.
CAREERS_PROBATION_ALERT_DAYS = 60
# §1 政务处分法 art. 8: the effect period of each government sanction, in months; 开除 is final (None).
CAREERS_SANCTION_PERIOD_MONTHS = {
    "sanction_warning": 6,
    "demerit": 12,
    "major_demerit": 18,
    "grade_demotion": 24,
    "dismissal_from_post": 24,
    "expulsion": None,
}
# §1: sanctions from 记过 up also stop pay-step rises during their period.
CAREERS_SANCTION_PAY_STEP_KINDS = ["demerit", "major_demerit", "grade_demotion", "dismissal_from_post", "expulsion"]
# §1 party discipline: months without promotion. 留党察看: counted from the day rights are restored.
CAREERS_PARTY_DISCIPLINE_BAR_MONTHS = {
    "party_warning": 12,
    "party_serious_warning": 18,
    "party_post_revoked": 24,
    "party_probation": 24,
}
# §1: after 开除党籍 the person may not rejoin the party for this many months.
CAREERS_PARTY_REJOIN_BAR_MONTHS = 60
# §1 organizational measures (L): months without promotion; 0 = no bar. 停职检查 bars for its own term only.
CAREERS_MEASURE_BAR_MONTHS = {
    "reminder_talk": 0,
    "written_inquiry": 0,
    "admonishment": 6,
    "post_adjustment": 12,
    "demotion": 24,
}
# §1 责令辞职 and 免职 (L): no leadership post for this many months, nothing above the old level for that many.
CAREERS_MEASURE_LEADERSHIP_BAR_MONTHS = 12
CAREERS_MEASURE_ABOVE_OLD_LEVEL_BAR_MONTHS = 24
# §2 公务员考核规定 art. 29 (S): the grade cap of the decision year, and how many following years are ungraded.
# A following-years value of None means "the record's own length" (留党察看: 1 or 2 years).
CAREERS_GRADE_CAPS = {
    "sanction_warning": ("not_excellent", 0),
    "party_warning": ("not_excellent", 0),
    "admonishment": ("not_excellent", 0),
    "post_adjustment": ("not_excellent", 0),
    "demerit": ("ungraded", 0),
    "party_serious_warning": ("ungraded", 0),
    "major_demerit": ("ungraded", 1),
    "grade_demotion": ("ungraded", 1),
    "dismissal_from_post": ("ungraded", 1),
    "party_post_revoked": ("incompetent", 0),
    "party_probation": ("incompetent", None),
    "party_expulsion": ("incompetent", 2),
    "ordered_resignation": ("ungraded", 0),
    "removal": ("ungraded", 0),
    "demotion": ("ungraded", 0),
}
# §2 art. 28: the day of the year after the assessment year on which the annual grade is set (month, day);
# an investigation open that day leaves the year ungraded.
CAREERS_GRADE_SET_MONTH_DAY = (1, 31)

# §6 training: 干部教育培训工作条例 2023 art. 14–15 (V), conversions and the online minimum (S/L).
TRAINING_HOURS_PER_DAY = 6  # L: 1 day of training = 6 学时
TRAINING_ANNUAL_REQUIRED_HOURS = 90  # V: 乡科级 leaders and 一级主任科员 and below, per calendar year
TRAINING_ANNUAL_REQUIRED_DAYS = 12  # V: ... or 12 days of day-based off-the-job training
TRAINING_FIVE_YEAR_REQUIRED_HOURS = 550  # V: 县处级 leaders and 四级调研员 and above, per rolling window
TRAINING_FIVE_YEAR_REQUIRED_DAYS = 90  # V "3 months", L: a month counted as 30 days
TRAINING_FIVE_YEAR_WINDOW_YEARS = 5  # V
TRAINING_PROMOTION_GRACE_MONTHS = 12  # V: the newly promoted must finish within 12 months
TRAINING_LEAVE_MAX_SHARE = "1/7"  # V: leave above this share of the course hours withdraws the trainee
TRAINING_ABSENCE_COUNTS_AS_LEAVE = True  # L: an unexcused absence counts its session hours as leave
TRAINING_ONLINE_MIN_HOURS_PER_YEAR = 50  # S: online self-study, reported

# §7 postings (实践锻炼)
# A first secretary's term is at least 2 years (L).
POSTINGS_FIRST_SECRETARY_MIN_TERM_MONTHS = 24
# Grassroots experience (基层工作经历) needed for promotion to 县处级, in years (S); a 提拔 to 县处级 without it
# is a warning staff must acknowledge.
POSTINGS_GRASSROOTS_MIN_YEARS = 2
# Rounding of grassroots experience (L). Each posting counts its whole calendar months and leftover days;
# the leftover days of separate postings, added up, make one month per this many days. 31 (the longest
# month) never counts less than a calendar month as a month, so one posting's leftover days (at most 30)
# never round up: 2023-01-02..2024-12-31 is 1 year 11 months 30 days, not 2 years. None: leftover days
# never make a month.
POSTINGS_GRASSROOTS_LEFTOVER_DAYS_PER_MONTH = 31
# Which postings count as grassroots experience: a kind, or "kind:front line / exchange direction" (L).
POSTINGS_GRASSROOTS_KEYS = ("first_secretary", "front_line:rural_grassroots", "exchange:county_to_township")
# A cadre posted for more than this many months of a year is assessed by the host (§2, art. 26), counted in
# days: more days at the host than the months-long period from the first day there has.
POSTINGS_HOST_ASSESSMENT_MIN_MONTHS = 6
# The posting kinds that make the host assess (L): 挂职, 第一书记, 一线锻炼, 双向交流 (all, by default).
POSTINGS_HOST_ASSESSMENT_KINDS = ("temporary_post", "first_secretary", "front_line", "exchange")
# Days on site: at least this share of a month's working days (weekdays), for these kinds (L).
POSTINGS_PRESENCE_MIN_RATIO = "2/3"
POSTINGS_PRESENCE_KINDS = ("first_secretary",)
# Reminders: postings ending within this many days (L).
POSTINGS_ENDING_SOON_DAYS = 30
# The unit timeline shows this many years either side of the current year by default.
POSTINGS_TIMELINE_YEARS_AROUND = 1

# ---------------------------------------------------------------------------------------------------------------
# §8 care (care app): turnover housing, health checks, annual leave, township allowance. All L unless noted.
# ---------------------------------------------------------------------------------------------------------------
# Turnover housing waiting list: points per declared factor; distance scores per full 10 km up to the cap.
CARE_HOUSING_PRIORITY_WEIGHTS = {
    "township_post": 30,
    "first_secretary": 20,
    "per_10km_distance": 2,
    "distance_cap": 20,
    "spouse_elsewhere": 10,
    "dependent_children": 5,
    "family_hardship": 10,
}
# Health checks: a year's check is due until the end of this month, overdue after it.
CARE_HEALTH_CHECK_DUE_MONTH = 10
# Annual leave (职工带薪年休假条例, bands V): years of service are counted on this (month, day) of the year.
CARE_LEAVE_SERVICE_RECKONED_ON = (12, 31)
# art. 4 counts sick leave in months; a month of sick leave is this many recorded leave days.
CARE_LEAVE_DAYS_PER_MONTH = 30
# art. 5 (V: "可以跨1个年度安排"): unused days stay usable for this many following years; 0 = no carry-over.
CARE_LEAVE_CARRY_OVER_YEARS = 1
# The leave ledger (and so carry-over) starts in this year: nothing is assumed about earlier years.
CARE_LEAVE_LEDGER_START_YEAR = 2018
# Township allowance (seed article): township pay at least this share above county-organ peers of the same rank.
CARE_TOWNSHIP_PAY_PREMIUM = "0.20"
# Which cadres the comparison covers, and which unit kinds count as county organs for the peers' average.
CARE_TOWNSHIP_PAY_CATEGORIES = ["civil_servant", "managed_as_civil_servant"]
CARE_COUNTY_ORGAN_UNIT_KINDS = ["county", "party_organ", "government_organ", "congress", "judicial"]

# ---------------------------------------------------------------------------------------------------------------
# §1–§3 assessment (assessments app): quota, ungraded rules, postings, publicity, 360° scoring. S or L unless noted.
# ---------------------------------------------------------------------------------------------------------------
# §2 优秀 quota (S): share of a pool's graded members, or the raised share where the unit's year is approved.
ASSESSMENTS_EXCELLENT_SHARE = "0.20"
ASSESSMENTS_EXCELLENT_SHARE_RAISED = "0.25"
# §2 rounding of the quota (S): "floor" (default), "half_up" or "ceil".
ASSESSMENTS_QUOTA_ROUNDING = "floor"
# §2 small-unit minimum (L, off by default): a pool of 1 to ASSESSMENTS_SMALL_UNIT_MAX_MEMBERS graded members may
# have one 优秀 although its share rounds to none.
ASSESSMENTS_SMALL_UNIT_MINIMUM = False
ASSESSMENTS_SMALL_UNIT_MAX_MEMBERS = 4
# §2 quota pools of leaders (领导班子成员), as the organization department decides (L):
# "county": one county-wide pool of all leaders; "unit": leaders share their unit's pool; "unit_separate": a
# leaders' pool per unit.
ASSESSMENTS_LEADER_POOLING = "county"
# §2 postings (L): a cadre assessed by the host stays in the home unit's pool ("home") or joins the host's ("host").
ASSESSMENTS_POSTED_CADRE_POOL = "home"
# Who an annual period assesses (公务员考核规定 applies to civil servants and those managed as such).
ASSESSMENTS_ASSESSED_CATEGORIES = ["civil_servant", "managed_as_civil_servant"]
# §2 art. 27 (V): sick and personal leave covering more than this share of the year's days leaves it ungraded.
ASSESSMENTS_LONG_LEAVE_SHARE = "1/2"
ASSESSMENTS_LONG_LEAVE_KINDS = ["sick", "personal"]
# §2 publicity (S): the proposed 优秀 list is publicised for at least this many working days.
ASSESSMENTS_PUBLICITY_WORKING_DAYS = 5
# 360° raters (L): a group of at least this many raters on an item drops its highest and lowest score, where the
# template's group has the option on.
ASSESSMENTS_DROP_EXTREMES_MIN_RATERS = 5
# 360° raters (L): at most this many raters of each group are generated for an assessee (staff may edit them).
ASSESSMENTS_RATERS_PER_GROUP = {"superior": 2, "peer": 6, "subordinate": 6}
# Anonymity (L): a rater group with fewer raters than this is shown merged with the next group.
ASSESSMENTS_ANONYMITY_MIN_GROUP = 3
# §1 regular assessments (L): the share of the annual composite taken by the year's regular (quarterly) grades,
# and the points of each grade.
ASSESSMENTS_REGULAR_SHARE = "0.20"
ASSESSMENTS_REGULAR_GRADE_POINTS = {"good": 95, "fairly_good": 85, "average": 70, "poor": 50}
# Proposed grades below 优秀 (L): a composite below these is proposed 基本称职 / 不称职 for the committee to review.
ASSESSMENTS_BASICALLY_COMPETENT_BELOW = "60"
ASSESSMENTS_INCOMPETENT_BELOW = "45"
# The recompute job: pools are batched into transactions (one statement each) of about this many members, and
# consecutive batches into Celery tasks of at most ASSESSMENTS_RECOMPUTE_TASK_BATCHES batches. A task starts on a
# database connection of its own (with CONN_MAX_AGE 0 a new server process, whose caches its first queries fill:
# about 0.1 s a task at 100,000 cadres), so a few tasks of several batches finish sooner on one worker than a
# task per batch, while there are still tasks enough to share among a few workers.
ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS = 4000
ASSESSMENTS_RECOMPUTE_TASK_BATCHES = 4
# A task runs its batches on this many database connections at once (core.jobs.batches_on_connections): about
# three quarters of a batch's time is the database's, so one worker overlaps its Python with the server's work
# on another batch (issue 12 benchmark, one worker: see the closing note). 1: one batch after another.
ASSESSMENTS_RECOMPUTE_TASK_CONNECTIONS = 2

# ---------------------------------------------------------------------------------------------------------------
# §1, §4, §5, §9 rewards (rewards app): awards, their candidates, rank-promotion eligibility, special funds.
# ---------------------------------------------------------------------------------------------------------------
# §1 (S): the one-off bonus of each award kind, in 元. Keys are rewards.choices.AwardKind values.
REWARDS_AWARD_BONUS = {
    "commendation": 1500,
    "merit_third": 3000,
    "merit_second": 6000,
    "merit_first": 12000,
    "honorary_title": 20000,
}
# Award kinds that come with a medal (奖章) unless staff untick it on the award (L).
REWARDS_MEDAL_KINDS = ["merit_third", "merit_second", "merit_first", "honorary_title"]
# §4 (L): the third year's 嘉奖 is replaced by the 记三等功, not added to it.
REWARDS_MERIT_REPLACES_COMMENDATION = True
# §4 (L): the count of consecutive 优秀 years restarts after a 记三等功, so years y+1 to y+3 start a new count.
REWARDS_STREAK_RESTARTS_AFTER_MERIT = True
# §4 (L): candidates are proposed for the assessment years of the last N years before the year asked (older years
# were decided on paper before the system); None proposes every year.
REWARDS_CANDIDATE_LOOKBACK_YEARS = 3
# §1/§5 (S, 职务与职级并行规定 art. 18): the minimum years at the rank below, by target rank.
REWARDS_RANK_MIN_YEARS = {2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 3, 11: 4, 12: 4}
# §5 (L): an assessment year counts as a year at the current rank when the rank was held on this (month, day).
REWARDS_RANK_YEAR_HELD_ON = (12, 31)
# §5 (L): a 基本称职 in the previous year bars a rank promotion for the whole following year.
REWARDS_BASICALLY_COMPETENT_BARS_NEXT_YEAR = True
# §5 (S, low confidence): unit rank-post limits (职数) as shares of the unit's posts (编制数), rounded down. A limit
# with "of" is a share of another limit's result (一、二级主任科员 ≤ 50% of the 一至四级主任科员 posts).
REWARDS_RANK_POST_LIMITS = [
    {"ranks": [9], "share": "0.02"},
    {"ranks": [7, 8], "share": "0.10"},
    {"ranks": [3, 4, 5, 6], "share": "0.60"},
    {"ranks": [5, 6], "share": "0.50", "of": [3, 4, 5, 6]},
]
# §5: the categories whose cadres hold a 综合管理类 rank, and so get a rank-promotion eligibility.
REWARDS_RANK_CATEGORIES = ["civil_servant", "managed_as_civil_servant"]
# §9 (L): the most one cadre may be granted from all funds in one budget year, approved and paid together, in 元.
REWARDS_GRANT_PERSON_YEAR_CAP = 20000

# ---------------------------------------------------------------------------------------------------------------
# §11 statutory retirement age (全国人大常委会关于实施渐进式延迟法定退休年龄的决定, 2024-09-13), dashboard.
# ---------------------------------------------------------------------------------------------------------------
# The month from which the raising starts: the first month counted as month 1 (V).
RETIREMENT_REFORM_START = (2025, 1)
# Each group: the old age in years, one month of delay per this many months, and the cap on the delay (V).
RETIREMENT_GROUPS = {
    "male_60": {"base_years": 60, "months_per_delay_month": 4, "max_delay_months": 36},
    "female_55": {"base_years": 55, "months_per_delay_month": 4, "max_delay_months": 36},
    "female_50": {"base_years": 50, "months_per_delay_month": 2, "max_delay_months": 60},
}
# Which group a woman cadre is in follows her category (L): 55 for cadres (管理和专业技术岗位) by default.
RETIREMENT_FEMALE_GROUP_BY_CATEGORY = {
    "civil_servant": "female_55",
    "managed_as_civil_servant": "female_55",
    "public_institution": "female_55",
    "village": "female_55",
}
# The retirement warning list (到龄提醒) offers these windows, in months ahead.
RETIREMENT_WARNING_MONTHS = (6, 12)

# 干部任免审批表 (dashboard): how many years of annual results the form lists (the last three, customary).
APPOINTMENT_FORM_RESULT_YEARS = 3
# The most forms one batch download holds (a background job writes them into one zip).
APPOINTMENT_FORM_BATCH_MAX = 500
# The CJK font the PDF embeds (a static file, vendored from the npm registry), and the font the Word file names.
APPOINTMENT_FORM_FONT = "vendor/fonts/NotoSansHans-Regular.otf"
APPOINTMENT_FORM_FONT_BOLD = "vendor/fonts/NotoSansHans-Bold.otf"
APPOINTMENT_FORM_WORD_FONT = "宋体"

# Record audit (干部信息核查, 三龄两历), dashboard: the ages below which work or party membership is flagged
# (劳动法 art. 15 and 党章 art. 1, V), and the longest gap in the career history before it is flagged (L).
AUDIT_MIN_WORK_AGE = 16
AUDIT_MIN_PARTY_AGE = 18
AUDIT_CAREER_GAP_MONTHS = 12
# Cadres per batch of the nightly audit job (each batch's findings are replaced in one transaction).
AUDIT_BATCH_SIZE = 5000

# Dashboard: how long a computed yearly summary stays cached (seconds); any change to the data makes a new key.
DASHBOARD_CACHE_SECONDS = 3600
# The dashboard offers this many years, the current one first.
DASHBOARD_YEARS = 10
