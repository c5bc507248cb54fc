"""Every read of units and cadres. Each takes ``user=`` and returns a scoped, pre-joined queryset."""

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, EducationRecord, FamilyMember, Unit


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


def post_order_expression():
    """An expression giving a cadre's place by post within the unit (1 = 书记 … 5 = no leadership post)."""
    return Case(
        When(Q(post_title__contains="书记") & ~Q(post_title__contains="副书记"), then=Value(POST_ORDER_SECRETARY)),
        When(
            Q(leadership_level__isnull=False) & ~Q(post_title__contains="副"),
            then=Value(POST_ORDER_CHIEF),
        ),
        When(post_title__contains="副书记", then=Value(POST_ORDER_DEPUTY_SECRETARY)),
        When(Q(post_title__contains="副") | Q(leadership_level__isnull=False), then=Value(POST_ORDER_DEPUTY)),
        default=Value(POST_ORDER_OTHER),
        output_field=IntegerField(),
    )


def in_official_order(cadres: QuerySet[Cadre]) -> QuerySet[Cadre]:
    """``cadres`` in the official order of a roster: by unit (tree order), then by post (书记, the chief,
    副书记, deputies, others), then leadership level and rank (higher first), then seniority in rank."""
    return cadres.annotate(post_order=post_order_expression()).order_by(
        "unit__path",
        "post_order",
        F("leadership_level").desc(nulls_last=True),
        F("rank").desc(nulls_last=True),
        F("rank_date").asc(nulls_last=True),
        "name_pinyin",
        "pk",
    )
