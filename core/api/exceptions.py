"""One error contract for the whole API (issue 10.6).

Every error answer, whatever the endpoint (the import included), has one shape, declared in the schema as
``Error``::

    {"code": "invalid",                    # what went wrong, for a program to branch on
     "detail": "该字段是必填项。",          # one line for a person
     "fields": {"unit": [{"code": "required", "message": "该字段是必填项。"}]}}   # {} when no field

DRF's own codes are kept (``required``, ``invalid``, ``does_not_exist``, ``not_found``,
``permission_denied``, ``not_authenticated``...), and a service's ``ValidationError`` keeps its code
(``invalid`` when it gave none). Nested fields are named by their path (``items.0.score``). The import adds
``rows``: every bad row with its column and message. A service's ``PermissionDenied`` is a 403, ``Http404``
a 404, a stale ``If-Match`` a 412 (``core.versions.StaleRecord``), a job that cannot be queued a 503.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "stale"


class JobQueueUnavailableError(exceptions.APIException):
    status_code = 503
    default_code = "job_queue_unavailable"


def _from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's, each message keeping its code."""

    def details(errors) -> list[ErrorDetail]:
        return [ErrorDetail(message, code=e.code or "invalid") for e in errors for message in e.messages]

    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                (NON_FIELD if field == "__all__" else field): details(errors)
                for field, errors in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({NON_FIELD: details(error.error_list)})


def _flatten(detail, path: str = "") -> dict[str, list[dict]]:
    """DRF's nested error details as {field path: [{"code", "message"}]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(detail, list):
        if all(isinstance(item, ErrorDetail | str) for item in detail):
            items = [{"code": getattr(item, "code", "invalid"), "message": str(item)} for item in detail]
            return {path or NON_FIELD: items} if items else {}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{path}.{index}" if path else str(index)))
        return flat
    return {path or NON_FIELD: [{"code": getattr(detail, "code", "invalid"), "message": str(detail)}]}


def error_body(*, code: str, detail: str, fields: dict[str, list[dict]] | None = None, **extra) -> dict:
    """The one error shape (for views that answer an error themselves, such as the import)."""
    return {"code": code, "detail": detail, "fields": fields or {}, **extra}


def exception_handler(exc, context):
    from core.jobs import JobQueueUnavailable
    from core.versions import StaleRecord

    if isinstance(exc, StaleRecord):
        exc = PreconditionFailed(exc.messages[0])
    elif isinstance(exc, JobQueueUnavailable):
        exc = JobQueueUnavailableError(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # one answer for "missing" and "out of scope", with no model name in it
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        messages = [item["message"] for items in fields.values() for item in items]
        response.data = error_body(
            code="invalid", detail=messages[0] if messages else _("提交的数据有误。"), fields=fields
        )
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = error_body(code=code, detail=str(detail))
    return response


# ---------------------------------------------------------------- the schema of the contract


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机器可读的错误代码，如 required、invalid、does_not_exist")
    message = serializers.CharField(help_text="给人看的说明")


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API."""

    code = serializers.CharField(help_text="错误代码：invalid、not_found、permission_denied、not_authenticated、stale…")
    detail = serializers.CharField(help_text="一句话说明")
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True), help_text="各字段的错误（字段路径 → 错误列表）；没有时为空对象"
    )

    class Meta:
        ref_name = "Error"
