"""API error handling: a Django ValidationError raised by a service becomes a 400 with field errors; a job
that cannot be queued because the broker is down becomes a 503 with the reason."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "stale"


class JobQueueUnavailableError(exceptions.APIException):
    status_code = 503
    default_code = "job_queue_unavailable"


def exception_handler(exc, context):
    from core.jobs import JobQueueUnavailable
    from core.versions import StaleRecord

    if isinstance(exc, StaleRecord):
        exc = PreconditionFailed(exc.messages[0])

    if isinstance(exc, JobQueueUnavailable):
        exc = JobQueueUnavailableError(str(exc))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        else:
            detail = {"non_field_errors": list(exc.messages)}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
