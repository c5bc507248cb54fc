"""Project middleware: the pages' language, the answer when a background job cannot be started, and the page
of an address that only takes a form post."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages follow the language cookie set by the menu's switcher, else LANGUAGE_CODE (zh-hans).

    The browser's Accept-Language is ignored for pages: shared office computers often run an English
    browser, and the department's staff expect Chinese. API clients negotiate with Accept-Language.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class JobQueueUnavailableMiddleware:
    """A page that starts a background job while the broker is down answers at once with a clear message.

    ``core.jobs.job_run_enqueue`` raises ``JobQueueUnavailable`` (and has recorded nothing); every view that
    starts a job gets the same answer without handling it: back to the page the user came from, with the
    message on top. The API answers 503 instead (core.api.exceptions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from core.jobs import JobQueueUnavailable

        if not isinstance(exception, JobQueueUnavailable):
            return None
        messages.error(request, str(exception))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
            back = reverse("home")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(back)
        return HttpResponseRedirect(back)


class MethodNotAllowedPageMiddleware:
    """A page address that only takes a form post (a button's target: approve, recompute, move a period),
    opened by typing or reloading it, answers 405 with an empty body: a blank page. Here it is the site's
    Chinese page saying so, with the way back; the API keeps its JSON answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path_info.startswith("/api/"):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
