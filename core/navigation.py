"""The sub-navigation of each area (干部名册, 能上能下, 教育培训 …): one list per app, one way to draw it.

Each app registers its area's pages in its AppConfig.ready() (as it registers its to-do items)::

    register_area("careers", [NavItem(_("组织处理与处分"), "careers:measure_list"), ...])

and every page of the area (any URL in the app's namespace) shows them above its content as Bootstrap
nav-pills (templates/core/_subnav.html, drawn by base.html through ``{% area_subnav %}``): only the items the
user's role may open (``visible(user)``, by default ``accounts.policy.is_staff``), the current page's item
marked active, at most one. The top menu marks its area the same way (``nav_active`` in core/templatetags/kit.py).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict
from django.urls import reverse

from accounts import policy


@dataclass(frozen=True)
class NavItem:
    """One page of an area: its label, URL name (with an optional query string), who sees it.

    ``also``: URL names of pages that belong to this item (a detail page under its list) and mark it active.
    ``badge(user)`` → a count shown beside the label (0 shows nothing); ``badge_id`` is the badge's HTML id.
    """

    label: str
    url_name: str
    query: str = ""
    visible: Callable[[object], bool] = policy.is_staff
    also: tuple[str, ...] = ()
    badge: Callable[[object], int] | None = None
    badge_id: str = ""

    def matches(self, view_name: str) -> bool:
        return view_name == self.url_name or view_name in self.also


@dataclass
class Area:
    namespace: str
    items: list[NavItem] = field(default_factory=list)


_AREAS: dict[str, Area] = {}


def register_area(namespace: str, items: Sequence[NavItem]) -> None:
    """The sub-navigation of the pages under URL namespace ``namespace`` (the app's ``app_name``)."""
    _AREAS[namespace] = Area(namespace, list(items))


def current_item(request: HttpRequest) -> NavItem | None:
    """The item the current page belongs to, or None (a page of no listed item, or outside every area).

    Of several items on the same URL name (one page with two preset filters), the one whose query string is
    part of the request's wins; else the first.
    """
    match = getattr(request, "resolver_match", None)
    area = _AREAS.get(match.namespace) if match else None
    if area is None:
        return None
    candidates = [item for item in area.items if item.matches(match.view_name)]
    for item in candidates:
        if item.query and _query_within(item.query, request.GET):
            return item
    return candidates[0] if candidates else None


def _query_within(query: str, given: QueryDict) -> bool:
    wanted = QueryDict(query)
    return all(given.getlist(key) == values for key, values in wanted.lists())


def area_links(request: HttpRequest) -> list[dict]:
    """The current area's items this user may open: ``[{"label", "url", "active", "badge", "badge_id"}]``.

    Empty outside an area and for a user who may open none of its items (a cadre on his or her own page).
    """
    match = getattr(request, "resolver_match", None)
    area = _AREAS.get(match.namespace) if match else None
    if area is None:
        return []
    user = request.user
    active = current_item(request)
    links = []
    for item in area.items:
        if not item.visible(user):
            continue
        url = reverse(item.url_name) + (f"?{item.query}" if item.query else "")
        links.append(
            {
                "label": item.label,
                "url": url,
                "active": item is active,
                "badge": item.badge(user) if item.badge else 0,
                "badge_id": item.badge_id,
            }
        )
    return links


def is_current(request: HttpRequest, target: str) -> bool:
    """Whether the top menu's entry ``target`` is the current page's: ``"careers"`` (an area: any page of the
    namespace but a cadre's own "my_…" pages) or ``"cadres:unit_tree"`` (an item: the page is that item's)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if ":" in target:
        item = current_item(request)
        return item is not None and item.url_name == target
    return match.namespace == target and not match.url_name.startswith("my_")
