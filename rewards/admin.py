"""Admin registrations with history. Awards, grants and budgets move money and decide people's records, so the
admin shows them read-only: decisions go through the pages or the API (rewards.services), which check the
rules, lock what they must and write the ledger. The ledger is append-only everywhere."""

from django.contrib import admin

from core.admin import RecordAdmin
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility


class ReadOnlyAdmin(RecordAdmin):
    """Browse and audit; writes go through rewards.services."""


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "kind", "year", "approving_body", "document_number", "awarded_on", "bonus", "status"]
    list_filter = ["kind", "status", "year", "medal"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "cadre__name_initials", "document_number"]
    date_hierarchy = "awarded_on"


@admin.register(AwardCandidate)
class AwardCandidateAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "kind", "year", "blocked", "status", "computed_on"]
    list_filter = ["kind", "status", "blocked", "year"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "cadre__name_initials"]


@admin.register(RankPromotionEligibility)
class RankPromotionEligibilityAdmin(admin.ModelAdmin):
    list_display = ["cadre", "current_rank", "target_rank", "eligible", "priority", "months_counted", "computed_on"]
    list_filter = ["eligible", "priority", "within_rank_posts", "target_rank"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "cadre__name_initials"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["name", "is_active"]
    search_fields = ["name"]


@admin.register(FundBudget)
class FundBudgetAdmin(ReadOnlyAdmin):
    list_display = ["fund", "year", "amount"]
    list_filter = ["fund", "year"]
    list_select_related = ["fund"]
    search_fields = ["fund__name"]


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "fund", "budget", "amount", "basis_kind", "status", "approved_on", "paid_on"]
    list_filter = ["fund", "status", "basis_kind"]
    list_select_related = ["cadre", "fund", "budget", "budget__fund"]
    search_fields = ["cadre__name", "cadre__name_initials", "payment_reference"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["budget", "sequence", "kind", "amount", "balance_change", "balance_after", "recorded_at"]
    list_filter = ["kind", "budget__fund", "budget__year"]
    list_select_related = ["budget", "budget__fund"]
    search_fields = ["note", "grant__cadre__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
