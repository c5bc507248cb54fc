"""Language selection: the pages are Chinese unless the user chose another language in the menu."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
