"""The API schema declares the error answers of every operation, with the one ``Error`` shape
(``core.api.exceptions``): 401 everywhere a login is needed, 403, 404 on a record's own path, 400 on
writes and on reads that take parameters, 412 where ``If-Match`` is taken."""

from drf_spectacular.openapi import AutoSchema

from core.api.exceptions import ErrorSerializer
from core.api.preconditions import VersionedRecordMixin


class ErrorDeclaringAutoSchema(AutoSchema):
    def _error_statuses(self) -> list[str]:
        statuses = ["400", "401", "403"]
        if "{" in self.path:
            statuses.append("404")
        if self.method in ("PUT", "PATCH") and isinstance(self.view, VersionedRecordMixin):
            statuses.append("412")
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            if status not in responses:
                responses[status] = self._get_response_for_code(ErrorSerializer, status, direction=direction)
        return responses
