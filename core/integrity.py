"""One way to turn a write the database refused into a clear message, for every app's services.

Constraints are the real guard (architecture rule 5); a service that loses a race, or meets a constraint
its own checks missed, gets an IntegrityError. ``save_or_refuse`` saves in a savepoint and, when the
database refuses, raises a ValidationError naming the field, so the user sees why and nothing is written.

PostgreSQL names the refused constraint in its error; SQLite names a unique index's columns instead. So
the constraint is looked for by name in the error text first, then by checking the instance against its
model's constraints (which asks the database again, now that the conflicting row is visible).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

# {marker: message or {field: message}}; a marker is found in the database's error text or in the name of
# the violated constraint (a constraint's full name is the surest marker).
RefusalMessages = Mapping[str, str | Mapping[str, str]]


def save_or_refuse(
    instance: models.Model, *, messages: RefusalMessages | None = None, update_fields: list[str] | None = None
) -> None:
    """Save ``instance`` (only ``update_fields`` when given); if the database refuses it, raise the matching
    ValidationError instead."""
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        raise refusal_as_validation_error(instance, error, messages=messages or {}) from error


def refusal_as_validation_error(
    instance: models.Model, error: IntegrityError, *, messages: RefusalMessages
) -> ValidationError:
    """The clear message for the constraint that refused ``instance``."""
    text = str(error)
    for marker, message in messages.items():
        if marker in text:
            return ValidationError(message)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance)
        except ValidationError as violation:
            for marker, message in messages.items():
                if marker in constraint.name:
                    return ValidationError(message)
            return violation
    return ValidationError(_("数据与已有记录冲突，未保存。"))


def add_refusal_to_form(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
