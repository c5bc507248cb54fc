"""Admin registrations with history. Everything here changes through the services (pages, API, jobs), which
validate and audit; the admin shows it read-only for browsing and auditing.

Individual rating scores (RatingScore) are the one place where a rater's score is shown with the rater: for
admins only (anonymity, issue 12); other admin users do not even see the model.
"""

import json

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import policy
from assessments import rules
from assessments.models import (
    AnnualResult,
    Assessee,
    CommitteeOverride,
    IndicatorItem,
    IndicatorTemplate,
    Period,
    PeriodTransition,
    Proposal,
    PublicityObjection,
    QuantitativeScore,
    QuotaPool,
    RaterAssignment,
    RatingScore,
    RegularAssessment,
    SelfSummary,
    Suggestion,
    TemplateRaterGroup,
    WorkCalendarDay,
    WorkCalendarYear,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and audit in the admin; writes go through assessments.services."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Period)
class PeriodAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "kind", "year", "quarter", "state", "publicity_starts_on", "publicity_ends_on"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["name"]


@admin.register(PeriodTransition)
class PeriodTransitionAdmin(ReadOnlyAdmin):
    list_display = ["period", "action", "from_state", "to_state", "actor", "at", "reason"]
    list_filter = ["action"]
    list_select_related = ["period", "actor"]
    search_fields = ["period__name", "reason"]


@admin.register(AnnualResult)
class AnnualResultAdmin(ReadOnlyHistoryAdmin):
    list_display = ["cadre", "year", "grade", "ungraded_reason", "confirmed_on", "source", "period"]
    list_filter = ["year", "grade", "source"]
    list_select_related = ["cadre", "period"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number"]
    date_hierarchy = "confirmed_on"


class IndicatorItemInline(admin.TabularInline):
    model = IndicatorItem
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TemplateRaterGroupInline(IndicatorItemInline):
    model = TemplateRaterGroup


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "unit_kind", "version", "status", "published_on"]
    list_filter = ["unit_kind", "status"]
    search_fields = ["name"]
    inlines = [IndicatorItemInline, TemplateRaterGroupInline]


@admin.register(IndicatorItem)
class IndicatorItemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "template", "kind", "weight", "sort_order"]
    list_filter = ["kind"]
    list_select_related = ["template"]
    search_fields = ["name", "template__name"]


@admin.register(TemplateRaterGroup)
class TemplateRaterGroupAdmin(ReadOnlyHistoryAdmin):
    list_display = ["template", "group", "weight", "drop_extremes"]
    list_filter = ["group"]
    list_select_related = ["template"]
    search_fields = ["template__name"]


@admin.register(QuotaPool)
class QuotaPoolAdmin(ReadOnlyHistoryAdmin):
    list_display = ["period", "unit", "kind", "quota_raised", "members", "graded_members", "max_excellent"]
    list_filter = ["kind", "quota_raised", "period"]
    list_select_related = ["period", "unit"]
    search_fields = ["unit__name"]


@admin.register(Assessee)
class AssesseeAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "cadre",
        "period",
        "home_unit",
        "assessing_name",
        "assessed_by_host",
        "is_leader",
        "committee_grade",
    ]
    list_filter = ["period", "assessed_by_host", "is_leader"]
    list_select_related = ["cadre", "period", "home_unit"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["assessee", "composite", "rank", "proposed_grade", "ungraded_reason", "cap", "computed_at"]
    list_filter = ["proposed_grade", "assessee__period"]
    list_select_related = ["assessee__cadre", "assessee__period"]
    search_fields = ["assessee__cadre__name", "assessee__cadre__name_initials"]

    exclude = ["breakdown"]
    readonly_fields = ["breakdown_labelled"]

    def has_view_permission(self, request, obj=None):
        # the stored breakdown keeps per-group sums and extremes: admins only
        return policy.is_admin(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("得分构成"))
    def breakdown_labelled(self, proposal: Proposal) -> str:
        """The stored breakdown, its group parts (arrays, ``rules.GroupPart``) shown with their fields' names."""
        return json.dumps(rules.breakdown_labelled(proposal.breakdown), ensure_ascii=False)


@admin.register(CommitteeOverride)
class CommitteeOverrideAdmin(ReadOnlyAdmin):
    list_display = ["assessee", "from_grade", "to_grade", "reason", "actor", "at"]
    list_select_related = ["assessee__cadre", "assessee__period", "actor"]
    search_fields = ["assessee__cadre__name", "reason"]


@admin.register(RaterAssignment)
class RaterAssignmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["assessee", "rater", "group", "status", "submitted_at"]
    list_filter = ["group", "status", "assessee__period"]
    list_select_related = ["assessee__cadre", "assessee__period", "rater"]
    search_fields = ["assessee__cadre__name", "rater__name"]


@admin.register(RatingScore)
class RatingScoreAdmin(ReadOnlyAdmin):
    """Individual scores with their raters: admins only."""

    list_display = ["assignment_rater", "assignment_group", "assignment_ratee", "item", "score"]
    list_select_related = ["assignment__rater", "assignment__assessee__cadre", "item"]
    list_filter = ["assignment__group", "assignment__assessee__period"]
    search_fields = ["assignment__rater__name", "assignment__assessee__cadre__name"]

    def has_view_permission(self, request, obj=None):
        return policy.is_admin(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return policy.is_admin(request.user) and super().has_module_permission(request)

    @admin.display(description="评价人")
    def assignment_rater(self, obj):
        return obj.assignment.rater

    @admin.display(description="评价人类别")
    def assignment_group(self, obj):
        return obj.assignment.get_group_display()

    @admin.display(description="考核对象")
    def assignment_ratee(self, obj):
        return obj.assignment.assessee.cadre


@admin.register(QuantitativeScore)
class QuantitativeScoreAdmin(ReadOnlyHistoryAdmin):
    list_display = ["assessee", "item", "score", "entered_by"]
    list_select_related = ["assessee__cadre", "assessee__period", "item", "entered_by"]
    search_fields = ["assessee__cadre__name"]


@admin.register(RegularAssessment)
class RegularAssessmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["cadre", "period", "grade", "entered_by"]
    list_filter = ["period", "grade"]
    list_select_related = ["cadre", "period", "entered_by"]
    search_fields = ["cadre__name", "cadre__name_initials"]


@admin.register(SelfSummary)
class SelfSummaryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["cadre", "period", "status", "submitted_at"]
    list_filter = ["status", "period"]
    list_select_related = ["cadre", "period"]
    search_fields = ["cadre__name"]


@admin.register(PublicityObjection)
class PublicityObjectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["period", "cadre", "raised_on", "status", "handled_on"]
    list_filter = ["status", "period"]
    list_select_related = ["period", "cadre"]
    search_fields = ["content", "cadre__name"]


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(ReadOnlyHistoryAdmin):
    list_display = ["day", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "day"


@admin.register(WorkCalendarYear)
class WorkCalendarYearAdmin(ReadOnlyHistoryAdmin):
    list_display = ["year", "basis", "entered_by"]
    search_fields = ["basis"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["cadre", "kind", "status", "annual_result", "handled_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["cadre", "annual_result"]
    search_fields = ["cadre__name", "cadre__name_initials"]
