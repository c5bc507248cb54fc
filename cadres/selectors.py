"""Every read of units and cadres. Each takes ``user=`` and returns a scoped, pre-joined queryset."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres import rules
from cadres.choices import CadreStatus
from cadres.models import Cadre, CorrectionRequest, EducationRecord, FamilyMember, Unit, unit_path_pks


def cadre_list(*, user: User) -> QuerySet[Cadre]:
    """The cadres the user may see, with their unit joined (list pages, API lists, exports)."""
    return Cadre.objects.filter(policy.scope(user).cadres()).select_related("unit")


def cadre_get(*, user: User, pk: int) -> Cadre:
    """One cadre, or 404 when it does not exist or is out of the user's scope (never a 403 that leaks)."""
    return get_object_or_404(cadre_list(user=user), pk=pk)


def unit_list(*, user: User) -> QuerySet[Unit]:
    """The units the user may see, in tree order."""
    return policy.visible_units(user).select_related("parent").order_by("path")


def unit_get(*, user: User, pk: int) -> Unit:
    return get_object_or_404(unit_list(user=user), pk=pk)


def own_cadre_get(*, user: User) -> Cadre:
    """The logged-in user's own record (for the "我的…" pages), or 404 when no cadre is linked to the login.

    One's own record is always one's to read, even for a unit HR user whose own unit lies outside the units
    he or she manages; so it is fetched by the link on the login, not through the staff scope.
    """
    if not user.is_authenticated or not user.cadre_id:
        raise Http404
    return get_object_or_404(Cadre.objects.select_related("unit"), pk=user.cadre_id)


def family_member_list(*, user: User) -> QuerySet[FamilyMember]:
    """The family members of the cadres the user may see, with the cadre joined."""
    return FamilyMember.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "cadre__unit")


def family_member_get(*, user: User, pk: int) -> FamilyMember:
    return get_object_or_404(family_member_list(user=user), pk=pk)


def education_record_list(*, user: User) -> QuerySet[EducationRecord]:
    """The education records of the cadres the user may see, with the cadre joined."""
    return EducationRecord.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "cadre__unit")


def education_record_get(*, user: User, pk: int) -> EducationRecord:
    return get_object_or_404(education_record_list(user=user), pk=pk)


# 党委（党组）书记 first, then the chief (镇长、乡长、局长、主任…), 副书记, the deputies, everyone else: the order
# of a Chinese roster within one unit (党政领导班子 before 一般干部).
POST_ORDER_SECRETARY, POST_ORDER_CHIEF, POST_ORDER_DEPUTY_SECRETARY, POST_ORDER_DEPUTY, POST_ORDER_OTHER = range(1, 6)


def post_order_expression(prefix: str = ""):
    """An expression giving a cadre's place by post within the unit (1 = 书记 … 5 = no leadership post);
    ``prefix`` ("cadre__") reads the cadre of another model's row."""
    title, level = f"{prefix}post_title", f"{prefix}leadership_level"
    return Case(
        When(
            Q(**{f"{title}__contains": "书记"}) & ~Q(**{f"{title}__contains": "副书记"}),
            then=Value(POST_ORDER_SECRETARY),
        ),
        When(Q(**{f"{level}__isnull": False}) & ~Q(**{f"{title}__contains": "副"}), then=Value(POST_ORDER_CHIEF)),
        When(Q(**{f"{title}__contains": "副书记"}), then=Value(POST_ORDER_DEPUTY_SECRETARY)),
        When(Q(**{f"{title}__contains": "副"}) | Q(**{f"{level}__isnull": False}), then=Value(POST_ORDER_DEPUTY)),
        default=Value(POST_ORDER_OTHER),
        output_field=IntegerField(),
    )


# The 排序号 a cadre without one of his own takes: his post's place × 100 (书记 100 … others 500), so that
# staff can put someone between two posts (150: after the secretary, before the chief).
POST_ORDER_STEP = 100


def official_order(queryset: QuerySet, prefix: str = "", *, before: tuple = (), then: tuple = ()) -> QuerySet:
    """``queryset`` (cadres, or rows of one cadre each with ``prefix`` "cadre__") in the official order of a
    roster: by unit in the unit tree's order (``Unit.path``: siblings by their 排序号), then by the cadre's
    排序号 (``sort_order``; empty: by post, 书记 100, the chief 200, 副书记 300, deputies 400, others 500),
    then leadership level and rank (higher first), then seniority in rank, then name. ``before`` groups the
    rows first (("-year",): each year in the official order), ``then`` orders the rows of one cadre.
    The 排序号 in force is an ordering expression, not an annotation: a list counts its rows without the
    ordering, and so without joining the cadres and units for it (a count of 450,000 annual results took
    73 ms with the join)."""
    return queryset.order_by(
        *before,
        f"{prefix}unit__path",
        Coalesce(f"{prefix}sort_order", post_order_expression(prefix) * Value(POST_ORDER_STEP)).asc(),
        F(f"{prefix}leadership_level").desc(nulls_last=True),
        F(f"{prefix}rank").desc(nulls_last=True),
        F(f"{prefix}rank_date").asc(nulls_last=True),
        f"{prefix}name_pinyin",
        f"{prefix}pk",
        *then,
        "pk",
    )


def in_official_order(cadres: QuerySet[Cadre]) -> QuerySet[Cadre]:
    """``cadres`` in the official order of a roster (``official_order``)."""
    return official_order(cadres)


# ---------------------------------------------------------------- the unit tree


@dataclass
class UnitNode:
    unit: Unit
    active_count: int
    subtree_active_count: int = 0
    children: list["UnitNode"] = field(default_factory=list)
    matches: bool = True

    @property
    def headcount_excess(self) -> int:
        """Cadres in service over the unit's 编制数 (cadres.rules.headcount_excess)."""
        return rules.headcount_excess(self.unit.headcount, self.active_count)


def units_with_counts(queryset):
    """The units annotated with ``active_count``, their cadres in service (one aggregate in the same query)."""
    return queryset.annotate(active_count=Count("cadres", filter=Q(cadres__status=CadreStatus.ACTIVE)))


def unit_overview(*, user: User, unit: Unit) -> dict:
    """What a unit's page shows above its cadres (two queries): ``ancestors`` the user may open (a unit HR
    user's tree starts at his or her units), ``children`` in their order, each with ``active_count`` and
    ``headcount_excess``, and the unit's own ``in_service`` count and ``headcount_excess`` (超编)."""
    ancestor_ids = unit_path_pks(unit.path)[:-1]
    counted = list(
        units_with_counts(Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit))).order_by("sort_order", "path")
    )
    in_service = next(counted_unit.active_count for counted_unit in counted if counted_unit.pk == unit.pk)
    children = [child for child in counted if child.pk != unit.pk]
    for child in children:
        child.headcount_excess = rules.headcount_excess(child.headcount, child.active_count)
    return {
        "ancestors": list(unit_list(user=user).filter(pk__in=ancestor_ids)) if ancestor_ids else [],
        "children": children,
        "in_service": in_service,
        "headcount_excess": rules.headcount_excess(unit.headcount, in_service),
    }


def _parent_path(path: str) -> str:
    """The parent's materialized path: "000001.000007." → "000001."; a root's is ""."""
    return path[: path.rstrip(".").rfind(".") + 1]


def unit_forest(units: list[Unit], *, search: str = "") -> list[UnitNode]:
    """The visible units (in path order, each with ``active_count``) as a forest, with subtree totals.

    Roots are units whose parent is not visible. With a search text, only matching units and their
    ancestors are kept. Pure Python over the one list: no query.
    """
    nodes = {unit.path: UnitNode(unit=unit, active_count=unit.active_count) for unit in units}
    roots = []
    for unit in units:
        node = nodes[unit.path]
        node.subtree_active_count += node.active_count
        parent_path = _parent_path(unit.path)
        ancestor_path = parent_path
        while ancestor_path:
            if ancestor_path in nodes:
                nodes[ancestor_path].subtree_active_count += node.active_count
            ancestor_path = _parent_path(ancestor_path)
        if parent_path in nodes:
            nodes[parent_path].children.append(node)
        else:
            roots.append(node)
    if search:
        kept = set()
        for node in nodes.values():
            if search in node.unit.name:
                kept.update(path for path in nodes if node.unit.path.startswith(path))
        for node in nodes.values():
            node.matches = search in node.unit.name
            node.children = [child for child in node.children if child.unit.path in kept]
        roots = [root for root in roots if root.unit.path in kept]
    return roots


# ---------------------------------------------------------------- correction requests


def correction_request_list(*, user: User) -> QuerySet[CorrectionRequest]:
    """The correction requests of the cadres the user may see (a cadre: his or her own), newest first."""
    return CorrectionRequest.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre__unit", "handled_by"
    )


def correction_request_get(*, user: User, pk: int) -> CorrectionRequest:
    return get_object_or_404(correction_request_list(user=user), pk=pk)
