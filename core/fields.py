"""Model fields of the project's own, where Django's do more work than a column needs."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class JSONTextField(models.TextField):
    """A JSON document kept as its text: written once and read whole, never searched inside.

    Django's JSONField is ``jsonb`` on PostgreSQL, which parses every document into its binary form when it is
    written (a set-based job writing 45,000 assessments' "why" in one statement spent 0.2 s on it, issue 12)
    and keeps it larger than its text (959 against 675 bytes). Use it for results a job writes in bulk and
    pages show as they are; use JSONField for anything a query filters or orders by.

    In Python the value is what ``json.loads`` gives (dicts, lists, strings, numbers); ``None`` is NULL.
    """

    description = "JSON kept as text"

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))
