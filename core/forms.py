"""Form fields shared by the apps' pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that rejects an id outside its column's integer range before querying.

    The stock field looks the posted ids up with ``pk__in``; on SQLite a number beyond 64 bits makes the
    driver raise OverflowError (a server error) where PostgreSQL simply finds nothing. Here such a value is
    the same "not one of the available choices" error as any other unknown id.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        model_field = self.queryset.model._meta.get_field(key) if key != "pk" else self.queryset.model._meta.pk
        internal_type = model_field.get_internal_type()
        if "Integer" in internal_type or "AutoField" in internal_type:
            low, high = connections[self.queryset.db].ops.integer_field_range(internal_type)
            for item in value or ():
                try:
                    number = int(str(item))
                except (TypeError, ValueError):
                    continue  # not a number: the stock check reports it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)
