"""Browser pages of the dashboard app: thin; each reads through ``dashboard.selectors`` (scoped to the user)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pages import ListPage
from core.periods import period_last_day
from dashboard import selectors
from dashboard.filters import CadreSubsetFilter
from dashboard.tables import OverdueRetirementTable, RetirementTable

OVERDUE = "reached"


class RetirementList(ListPage):
    """到龄提醒: serving cadres reaching the statutory retirement age in the next 6 or 12 months (domain-rules
    §11), or already past it; a tab (``window``) chooses, the filter card narrows by unit and category."""

    title = gettext_lazy("到龄提醒")
    filterset_class = CadreSubsetFilter
    template_name = "dashboard/retirement_list.html"
    keep_parameters = ("window",)

    @staticmethod
    def months_choices() -> tuple[int, ...]:
        return tuple(settings.RETIREMENT_WARNING_MONTHS)

    @property
    def window(self) -> str:
        window = self.request.GET.get("window", "")
        choices = [str(months) for months in self.months_choices()]
        return window if window in (*choices, OVERDUE) else choices[0]

    @property
    def table_class(self):
        return OverdueRetirementTable if self.window == OVERDUE else RetirementTable

    def get_queryset(self):
        today = timezone.localdate()
        if self.window == OVERDUE:
            return selectors.overdue_retirement_list(user=self.request.user, on=today)
        last = period_last_day(today, int(self.window))
        return selectors.retiring_cadre_list(user=self.request.user, first=today, last=last)

    def get_title(self) -> str:
        if self.window == OVERDUE:
            return _("已到法定退休年龄仍在职")
        return _("%(months)s个月内到龄退休") % {"months": self.window}

    def get_context_data(self) -> dict:
        return {
            "windows": [
                *((str(months), _("%(months)s个月内") % {"months": months}) for months in self.months_choices()),
                (OVERDUE, _("已到龄仍在职")),
            ],
            "window": self.window,
            "today": timezone.localdate(),
        }
