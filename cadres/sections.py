"""Sections of the cadre page that other apps contribute (career, training, postings, care...).

An app registers a section in its AppConfig.ready(); the cadre page and "我的档案" render every registered
section in order. A section function takes the request and the (already scoped) cadre and returns the
context for its template, using a fixed number of queries however long the cadre's history is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class CadreSection:
    key: str
    order: int
    template: str
    context: Callable[[HttpRequest, object], dict]


_SECTIONS: dict[str, CadreSection] = {}


def register_cadre_section(*, key: str, order: int, template: str, context: Callable[[HttpRequest, object], dict]):
    _SECTIONS[key] = CadreSection(key=key, order=order, template=template, context=context)


def render_cadre_sections(request: HttpRequest, cadre) -> list[str]:
    """The HTML of every registered section for this cadre, in order."""
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        context = {"cadre": cadre, **section.context(request, cadre)}
        rendered.append(render_to_string(section.template, context, request=request))
    return rendered


# ---------------------------------------------------------------- actions on the cadre


@dataclass(frozen=True)
class CadreAction:
    """A button on a cadre's page that opens another app's form with this cadre filled in (``?cadre=<id>``).

    ``links(request, cadre)`` returns ``[(label, url)]``: one link is a button, several are a drop-down
    (the open courses for 报名培训), none hides the action.
    """

    key: str
    order: int
    label: str
    icon: str
    links: Callable[[HttpRequest, object], list[tuple[str, str]]]


_ACTIONS: dict[str, CadreAction] = {}


def register_cadre_action(*, key: str, order: int, label: str, icon: str, links) -> None:
    _ACTIONS[key] = CadreAction(key=key, order=order, label=label, icon=icon, links=links)


def cadre_form_link(url_name: str, label: str = ""):
    """``links`` for an action that is one form taking ``?cadre=``: ``[(label, "/care/leave/new/?cadre=12")]``."""
    from django.urls import reverse

    return lambda request, cadre: [(label, f"{reverse(url_name)}?cadre={cadre.pk}")]


def cadre_actions(request: HttpRequest, cadre) -> list[dict]:
    """The actions staff may take on this cadre, in order: ``[{"label", "icon", "links": [(label, url)]}]``.

    Only for a cadre in service whom the user may change (the caller checks); no action adds more than one
    query.
    """
    actions = []
    for action in sorted(_ACTIONS.values(), key=lambda a: a.order):
        links = action.links(request, cadre)
        if links:
            actions.append({"key": action.key, "label": action.label, "icon": action.icon, "links": links})
    return actions
