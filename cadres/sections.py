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
