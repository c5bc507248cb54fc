"""The page a refused form post shows (CSRF_FAILURE_VIEW): Django's own is an English page without the site
around it, in debug mode a developer's explanation. A clerk meets it after a form sat open past a login or
logout elsewhere, or when the browser dropped the cookie: he or she is told so in Chinese, nothing was saved,
and the way back."""

from django.http import HttpRequest, HttpResponseForbidden
from django.template.loader import render_to_string


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
