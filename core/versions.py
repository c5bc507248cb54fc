"""Edits that were opened on an older copy of a record are refused, never written over a newer one.

A page's edit form carries the version of the record it was opened on (a hidden field); the API hands out
the same version as an ``ETag`` and takes it back in ``If-Match``. The service locks the row, compares the
version it was given with the row's, and refuses with ``StaleRecord`` when someone else wrote in between:
an edit form opened before a 职级晋升 and saved after it would otherwise write the old rank back, and the
history would show the revert as a deliberate edit (issue 10.2).

The version is the row's ``updated_at`` (every model of the project that people edit is a
``TimeStampedModel``), written to the microsecond by every save, import and service. Shapes:
``version_of(instance) -> str`` (an ISO timestamp, "" for an unsaved record); ``StaleRecord`` is a
``ValidationError`` (code ``stale``), so a page shows it on the form like any refusal, and the API answers
412 Precondition Failed (``core.api.exceptions``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELD = "version"


class StaleRecord(ValidationError):
    """The record changed after the editor opened it: nothing was written."""

    def __init__(self, instance: Model | None = None):
        label = str(instance._meta.verbose_name) if instance is not None else _("记录")
        super().__init__(
            _("该%(record)s在您打开编辑页面之后已被修改，为免覆盖他人的修改，本次未保存。请重新打开后再编辑。")
            % {"record": label},
            code="stale",
        )


def version_of(instance: Model) -> str:
    """The version token of a saved record: its ``updated_at`` as an ISO timestamp ("" when unsaved)."""
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if instance.pk and updated_at else ""


def check_version(locked: Model, expected: str | None) -> None:
    """Refuse with ``StaleRecord`` when ``expected`` is given and differs from the locked row's version.

    ``locked`` must have been read under ``select_for_update`` in the current transaction, so that nothing
    can change it between this check and the write. ``expected=None`` (or "") means "no precondition":
    a write that did not start from an earlier read (a service called from a job, a PATCH without
    If-Match).
    """
    if expected and expected != version_of(locked):
        raise StaleRecord(locked)


def etag_of(instance: Model) -> str:
    """The HTTP entity tag of a record's version (a quoted string, RFC 9110 §8.8.3)."""
    return f'"{version_of(instance)}"'


def version_from_if_match(header: str | None) -> str | None:
    """The version named by an ``If-Match`` header (``None`` when absent or ``*``); a weak tag counts too."""
    if not header or header.strip() == "*":
        return None
    tag = header.split(",")[0].strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"') or None


class VersionedFormMixin(forms.Form):
    """A ModelForm that carries the version of the record it was opened on in a hidden field.

    ``expected_version()`` gives it to the service. The hidden value is the one rendered with the form:
    re-showing a form after a validation error keeps the version first opened, not the current one.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False, label=gettext_lazy("版本"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields[VERSION_FIELD].initial = version_of(instance)

    def expected_version(self) -> str | None:
        return self.cleaned_data.get(VERSION_FIELD) or None
