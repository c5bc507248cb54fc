"""The composites of a batch of quota pools in one set-based PostgreSQL statement (issue 12, acceptance 7).

``composites_into_temp_table`` fills the transaction's temporary table ``assess_batch`` with one row per
assessee of the batch: composite, the "why" breakdown (the same JSON as ``rules.composite_score`` gives: an
object per item, an array per rater group's part, ``rules.GroupPart``) and an ``ambiguous`` flag. The
statement mirrors ``rules.composite_score``:

- a rated item's score: the weighted mean of its rater groups' means (submitted ratings only; a group with
  the drop-extremes option and at least ASSESSMENTS_DROP_EXTREMES_MIN_RATERS raters leaves out its highest and
  lowest score), over the template's groups with a positive weight that scored it;
- a quantitative item's score: the one staff entered; the assessed score: the weighted mean of the items
  with a score; with confirmed regular grades that year, (1 − s) × assessed + s × their mean points.

PostgreSQL's numeric is exact for sums and products; its divisions are carried to 40 decimal places (the
dividend is scaled first). The one rounding, half up to two places (``rules.round_score``), is then the exact
value's rounding unless the value lies within 10⁻³⁰ of a rounding boundary (x.xx5), far beyond the division
error. A score's exact value is a fraction whose denominator comes from the rater counts and the two-place
scores and weights, so an exact value that is not on a boundary lies much further than 10⁻³⁰ from it: a
computed value exactly on a boundary is exact (a mean of two scores is often x.xx5) and rounds as the rules
do, while one within 10⁻³⁰ beside it is an exact x.xx5 reached through inexact divisions. Only those rows are
flagged ``ambiguous``, and the caller recomputes them exactly in Python, so that composites and ranks are
those of the pure rules (the differential test, acceptance 2).
"""

import json

from django.conf import settings
from django.db import connection

from assessments.choices import RATER_GROUP_ORDER, AssignmentStatus, ItemKind, PeriodKind, PeriodState
from assessments.rules import GroupPart, setting_fraction

TEMP_TABLE = "assess_batch"
# The statement's sorts and hashes for a batch of ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS (4,000: 70,000 score rows)
# take about 15 MB; at the server's default 4 MB they spilled to disk. Set for the batch's transaction only.
WORK_MEM = "64MB"
# Multiplying a dividend by this carries the division to 40 decimal places.
PRECISE = "1.0000000000000000000000000000000000000000"


def _near_half(expression: str) -> str:
    """SQL: whether ``expression`` lies within 10⁻³⁰ of a boundary of half-up rounding to two places without
    being on it. A value exactly on a boundary is the exact value (see the module's docstring) and rounds up
    like the pure rules; one just beside it is an inexact x.xx5 that the caller recomputes exactly."""
    fraction = f"(({expression}) * 100 - floor(({expression}) * 100))"
    return f"(abs({fraction} - 0.5) < 1e-30 AND {fraction} <> 0.5)"


# The breakdown is written as JSON text and stored as that text (Proposal.breakdown is a core.fields.JSONTextField):
# nesting jsonb_build_object and jsonb_agg three levels deep copied every rater group's object again at each level
# (1.0 s of the statement's 4.5 s of CPU at 45,000 assessees, issue 12 benchmark; group parts as arrays saved
# another 0.4 s), and parsing the text into jsonb cost another 0.2 s.


def _json_members(**members: str) -> str:
    """SQL: the arguments of ``concat`` that give the members of a JSON object, separated by commas, without
    its braces (see ``_json_object``)."""
    return ", ',', ".join(f"""'"{key}":', {expression}""" for key, expression in members.items())


def _json_object(**members: str) -> str:
    """SQL: the text of a JSON object whose ``members`` are SQL expressions giving JSON text (``_json_string``,
    ``_json_decimal``, ``_json_display``, an array's text, or an integer as it is)."""
    return f"concat('{{', {_json_members(**members)}, '}}')"


def _json_string(expression: str) -> str:
    """SQL: a text as a JSON string, escaped (item names are typed in by staff)."""
    return f"to_json(({expression})::text)"


def _json_decimal(expression: str) -> str:
    """SQL: an exact decimal (a weight, a sum of two-place scores) as a JSON string, written as ``str(Decimal)``."""
    return f"""concat('"', {expression}, '"')"""


def _json_display(expression: str) -> str:
    """SQL: a score part as the breakdown shows it (``rules.display_score``): a JSON string of the part rounded
    to two places, or "" without one."""
    return _json_decimal(f"round({expression}, 2)")


def _json_array(expression: str) -> str:
    """SQL: the JSON array (text) of a group's JSON texts ``expression`` in the order the rows come in; NULL for
    no rows. The rows come from a subquery sorted by the group's key and then the array's order: an aggregate's
    own ORDER BY sorts every group apart (PostgreSQL 15 starts a sort for each of the 11,000 groups of a
    batch: 15% of the statement's CPU), while one sort of the subquery serves them all, and PostgreSQL feeds an
    aggregate its rows in the order its input gives them (a sorted subquery under a GROUP BY, with no join
    between them)."""
    return f"'[' || string_agg({expression}, ',') || ']'"


def _json_list(*values: str) -> str:
    """SQL: the text of a JSON array of ``values``, SQL expressions giving JSON text (as ``_json_object``'s)."""
    parts = ", ',', ".join(values)
    return f"concat('[', {parts}, ']')"


# A group's part as rules.GroupPart stores it: an array of its fields in that order. Its first two fields are
# the template's (the group and its weight): their JSON text is made once per template group (``head``), not
# once per assessee, item and group.
GROUP_PART_HEAD = ("group", "weight")
assert GroupPart._fields[: len(GROUP_PART_HEAD)] == GROUP_PART_HEAD
GROUP_PART_JSON = {
    "group": _json_string('w."group"'),
    "weight": _json_decimal("w.weight"),
    "raters": "n",
    "counted": "counted",
    "dropped": "dropped::text",
    "sum": _json_decimal("part"),
    "mean": _json_display("mean"),
}
GROUP_HEAD_JSON = "concat('[', {}, ',')".format(", ',', ".join(GROUP_PART_JSON[name] for name in GROUP_PART_HEAD))
GROUP_JSON = _json_array(
    "concat(head, {}, ']')".format(
        ", ',', ".join(GROUP_PART_JSON[name] for name in GroupPart._fields[len(GROUP_PART_HEAD) :])
    )
)
# An item's object: its template's members (``head``, once per template item) and the assessee's score and
# group parts (a reader parses the text into a dict: the order of the keys is of no matter).
ITEM_HEAD_JSON = "concat('{{', {}, ',')".format(
    _json_members(
        item="i.id", name=_json_string("i.name"), kind=_json_string("i.kind"), weight=_json_decimal("i.weight")
    )
)
ITEM_JSON = _json_array("concat(head, {}, '}}')".format(_json_members(score=_json_display("score"), groups="groups")))
REGULAR_JSON = _json_object(grades="grades", points=_json_display("points"), share=_json_string("%(share_text)s"))
BREAKDOWN_JSON = _json_object(
    items="coalesce(items, '[]')",
    missing="coalesce(missing, '[]')",
    assessed=_json_display("assessed"),
    regular=f"CASE WHEN points IS NULL THEN 'null' ELSE {REGULAR_JSON} END",
)

# The ratings are added up in hundredths, as integers (a score has two places): integer sums, minima and maxima
# cost a third of numeric ones, and 70,000 scores a batch go through them. A group's part goes back to a
# two-place numeric (times 0.01), written as the database writes a sum of two-place scores.
# The aggregate steps are MATERIALIZED: computed once, then joined. Inlined, they sat on the inner side of
# nested loops whenever the planner had no statistics yet (tables just filled by opening a period, by an import
# or by the demo seed: every estimate 1 row) and were recomputed for each assessee: 15 s for 168 assessees,
# 0.2 s materialized (EXPLAIN ANALYZE on the 300-cadre demo county before its first ANALYZE).
# ``group_means`` and ``item_rows`` are sorted subqueries that feed their GROUP BY the rows of each group in the
# order of its JSON array (``_json_array``).
STATEMENT = f"""
CREATE TEMPORARY TABLE {TEMP_TABLE} ON COMMIT DROP AS
WITH members AS (
    SELECT e.id AS assessee_id, e.cadre_id, e.pool_id, e.template_id
    FROM assessments_assessee e
    WHERE e.pool_id = ANY(%(pools)s)
), aggregates AS MATERIALIZED (
    SELECT a.assessee_id, s.item_id, a."group", SUM((s.score * 100)::integer) AS total, COUNT(*) AS n,
           MIN((s.score * 100)::integer) AS low, MAX((s.score * 100)::integer) AS high
    FROM assessments_ratingscore s
    JOIN assessments_raterassignment a ON a.id = s.assignment_id
    WHERE a.assessee_id IN (SELECT assessee_id FROM members) AND a.status = %(submitted)s
    GROUP BY a.assessee_id, s.item_id, a."group"
), template_groups AS MATERIALIZED (
    SELECT w.template_id, w."group", w.weight, w.drop_extremes,
           coalesce(array_position(%(group_order)s::text[], w."group"::text), 99) AS group_order,
           {GROUP_HEAD_JSON} AS head
    FROM assessments_templateratergroup w
    WHERE w.weight > 0 AND w.template_id IN (SELECT template_id FROM members)
), template_items AS MATERIALIZED (
    SELECT i.template_id, i.id AS item_id, i.name, i.kind, i.weight, i.sort_order, {ITEM_HEAD_JSON} AS head
    FROM assessments_indicatoritem i
    WHERE i.template_id IN (SELECT template_id FROM members)
), quantitative AS MATERIALIZED (
    SELECT q.assessee_id, q.item_id, q.score
    FROM assessments_quantitativescore q
    WHERE q.assessee_id IN (SELECT assessee_id FROM members)
), group_parts AS (
    SELECT g.assessee_id, g.item_id, w.group_order, w.weight, w.head, g.n,
           (w.drop_extremes AND g.n >= %(drop_min)s) AS dropped,
           CASE WHEN w.drop_extremes AND g.n >= %(drop_min)s THEN g.total - g.high - g.low ELSE g.total END
               * 0.01 AS part,
           CASE WHEN w.drop_extremes AND g.n >= %(drop_min)s THEN g.n - 2 ELSE g.n END AS counted
    FROM aggregates g
    JOIN members m ON m.assessee_id = g.assessee_id
    JOIN template_items i ON i.item_id = g.item_id AND i.template_id = m.template_id AND i.kind = %(rated)s
    JOIN template_groups w ON w.template_id = m.template_id AND w."group" = g."group"
), group_means AS (
    SELECT p.*, p.part * {PRECISE} / p.counted AS mean FROM group_parts p
    ORDER BY p.assessee_id, p.item_id, p.group_order
), rated_items AS MATERIALIZED (
    SELECT assessee_id, item_id, SUM(weight * mean) * {PRECISE} / SUM(weight) AS score, {GROUP_JSON} AS groups
    FROM group_means
    GROUP BY assessee_id, item_id
), item_rows AS (
    SELECT m.assessee_id, i.item_id, i.name, i.weight, i.head,
           CASE WHEN i.kind = %(rated)s THEN r.score ELSE q.score END AS score,
           coalesce(r.groups, '[]') AS groups
    FROM members m
    JOIN template_items i ON i.template_id = m.template_id
    LEFT JOIN rated_items r ON r.assessee_id = m.assessee_id AND r.item_id = i.item_id
    LEFT JOIN quantitative q ON q.assessee_id = m.assessee_id AND q.item_id = i.item_id
    ORDER BY m.assessee_id, i.sort_order, i.item_id
), assessed AS MATERIALIZED (
    SELECT assessee_id,
           SUM(weight * score) FILTER (WHERE score IS NOT NULL) * {PRECISE}
               / NULLIF(SUM(weight) FILTER (WHERE score IS NOT NULL), 0) AS score,
           bool_or(score IS NOT NULL AND {_near_half("score")}) AS ambiguous_item,
           {ITEM_JSON} AS items,
           (json_agg(name) FILTER (WHERE score IS NULL))::text AS missing
    FROM item_rows
    GROUP BY assessee_id
), regular AS MATERIALIZED (
    SELECT r.cadre_id, SUM(pts.points) * {PRECISE} / COUNT(*) AS points,
           json_agg(r.grade ORDER BY p.quarter)::text AS grades
    FROM assessments_regularassessment r
    JOIN assessments_period p ON p.id = r.period_id
    JOIN unnest(%(grade_names)s::text[], %(grade_points)s::numeric[]) AS pts(grade, points) ON pts.grade = r.grade
    WHERE %(annual)s AND p.kind = %(regular_kind)s AND p.year = %(year)s AND p.state = %(confirmed)s
      AND r.cadre_id IN (SELECT cadre_id FROM members)
    GROUP BY r.cadre_id
), exact AS (
    SELECT m.assessee_id, m.cadre_id, m.pool_id, a.score AS assessed, a.ambiguous_item, a.items, a.missing,
           g.points, g.grades,
           CASE WHEN a.score IS NULL THEN NULL
                WHEN g.points IS NULL THEN a.score
                ELSE (a.score * (%(share_den)s - %(share_num)s) + g.points * %(share_num)s) * {PRECISE} / %(share_den)s
           END AS composite
    FROM members m
    LEFT JOIN assessed a ON a.assessee_id = m.assessee_id
    LEFT JOIN regular g ON g.cadre_id = m.cadre_id
)
SELECT assessee_id, cadre_id, pool_id,
       round(composite, 2)::numeric(6, 2) AS composite,
       coalesce({_near_half("composite")} OR {_near_half("assessed")} OR ambiguous_item, false) AS ambiguous,
       {BREAKDOWN_JSON} AS breakdown
FROM exact
"""


def composites_into_temp_table(*, period, pool_ids: list[int]) -> list[tuple[int, int, int, object, bool]]:
    """Fill ``assess_batch`` (dropped at commit: call inside the batch's transaction) for the assessees of
    ``pool_ids`` and return their ``(assessee id, cadre id, pool id, composite or None, ambiguous)``, ordered
    by assessee. Two statements whatever the batch's size. PostgreSQL only."""
    share = setting_fraction(settings.ASSESSMENTS_REGULAR_SHARE)
    points = settings.ASSESSMENTS_REGULAR_GRADE_POINTS
    params = {
        "pools": list(pool_ids),
        "submitted": AssignmentStatus.SUBMITTED,
        "rated": ItemKind.RATED,
        "drop_min": settings.ASSESSMENTS_DROP_EXTREMES_MIN_RATERS,
        "group_order": sorted(RATER_GROUP_ORDER, key=RATER_GROUP_ORDER.get),
        "grade_names": list(points),
        "grade_points": [str(value) for value in points.values()],
        "annual": period.kind == PeriodKind.ANNUAL,
        "regular_kind": PeriodKind.REGULAR,
        "year": period.year,
        "confirmed": PeriodState.CONFIRMED,
        "share_num": share.numerator,
        "share_den": share.denominator,
        "share_text": str(share),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP_TABLE}")
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(STATEMENT, params)
        cursor.execute(
            f"SELECT assessee_id, cadre_id, pool_id, composite, ambiguous FROM {TEMP_TABLE} ORDER BY assessee_id"
        )
        return cursor.fetchall()


def replace_composites(composites: dict) -> None:
    """Write the exact composites and breakdowns (``rules.Composite`` by assessee id) of the rows flagged
    ambiguous over the statement's, in ``assess_batch``."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TEMP_TABLE} SET composite = %s, breakdown = %s WHERE assessee_id = %s",
            [
                (composite.score, json.dumps(composite.breakdown, ensure_ascii=False), assessee_id)
                for assessee_id, composite in composites.items()
            ],
        )
