"""Private files: generated exports, uploaded evidence, generated documents go out only through a view that
checks the user. No URL serves MEDIA_ROOT, in any settings module.

A view that serves a file finds the record through its app's scoped selector (out of scope is a 404) and
returns ``private_file_response``; ``private_file_view`` makes an anonymous request a 404 too (a login
redirect would tell that the address exists)::

    @private_file_view
    def external_evidence(request, pk):
        record = selectors.external_hours_get(user=request.user, pk=pk)  # 404 when out of scope
        return private_file_response(record.evidence)

Behind nginx (deploy/nginx/cadre.conf), set ``DJANGO_PRIVATE_FILES_X_ACCEL=true``: the view then answers
with an ``X-Accel-Redirect`` header naming the file under ``MEDIA_URL`` (an ``internal`` location that
nginx serves to nobody else), and nginx streams the file. Without it, Django streams the file itself.
"""

import mimetypes
from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

# Types a browser shows without running anything; everything else (HTML, SVG...) is always downloaded.
INLINE_SAFE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"})


def private_file_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorate a view that serves a private file: an anonymous request is a 404, like an out-of-scope one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def private_file_response(
    file: FieldFile, *, filename: str | None = None, as_attachment: bool | None = None
) -> HttpResponseBase:
    """The response that hands ``file`` to a user the caller has already checked.

    ``filename`` is the name the browser saves (default: the stored name's last part). ``as_attachment``
    None shows PDFs and images in the browser and downloads everything else. A missing file is a 404.
    """
    if not file or not file.storage.exists(file.name):
        raise Http404
    filename = filename or file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if as_attachment is None:
        as_attachment = content_type not in INLINE_SAFE_TYPES
    if settings.PRIVATE_FILES_X_ACCEL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(f"{settings.MEDIA_URL}{file.name}")
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    # Files can hold people's records: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response
