"""The admin's bases, and the admin of the shared plumbing.

The admin is for administrators fixing data, not a second door past the rules (issue 10.3). Every project
admin derives from one of these bases (a test checks):

- ``ProjectAdmin``: history kept (simple_history), no hard delete, and form input that names a related
  record by an id that cannot exist ("abc", an id past the database's integer range) is a field error,
  never a 500 (issue 14.10);
- ``RecordAdmin``: browse and audit only: records whose writes keep rules in step (careers, training,
  postings, care records of a person) are written through the pages and the API, which call the services;
  a few note fields may stay editable (``editable_fields``);
- ``ServiceAdmin``: adds and changes go through the app's service (``service_create``/``service_update``),
  so the admin is refused exactly what the pages are; a refusal is shown as a message and nothing is
  written.

Job runs are written by the jobs themselves: the admin only shows them, and can start failed ones again.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.digits import whole_number
from core.jobs import JobAlreadyRunning, JobQueueUnavailable, job_run_retry
from core.models import JobRun, ServiceHeartbeat

# The widest integer key PostgreSQL and SQLite store (bigint / INTEGER): a larger id names no row.
INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField, models.SmallAutoField)


def _is_possible_id(field: forms.ModelChoiceField, value) -> bool:
    """Whether ``value`` could be a key of the field's model ("" is "none chosen"; the field decides)."""
    if value in ("", None):
        return True
    key = field.queryset.model._meta.get_field(field.to_field_name) if field.to_field_name else None
    key = key or field.queryset.model._meta.pk
    if not isinstance(key, INTEGER_KEYS):
        return True
    text = str(value).strip()
    return whole_number(text.removeprefix("-")) is not None


def with_safe_ids(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """``form_class``, refusing related ids that cannot exist as field errors before any query sees them.

    Django's autocomplete and many-to-many widgets query with the raw posted value when the form is shown
    again, and SQLite overflows on an id past its range: both were 500s. The bad value is dropped from the
    form's data (so nothing queries with it) and its field shows "选择一个有效的选项".
    """

    class SafeIdsForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._impossible_ids: set[str] = set()
            if not self.is_bound:
                return
            data = self.data.copy()
            for name, field in self.fields.items():
                if not isinstance(field, forms.ModelChoiceField) or field.disabled:
                    continue
                key = self.add_prefix(name)
                values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
                possible = [value for value in values if _is_possible_id(field, value)]
                if len(possible) != len(values):
                    self._impossible_ids.add(name)
                    if hasattr(data, "setlist"):
                        data.setlist(key, possible)
                    else:
                        data[key] = possible[0] if possible else ""
            self.data = data

        def full_clean(self):
            super().full_clean()
            for name in self._impossible_ids:
                self._errors[name] = self.error_class([_("选择一个有效的选项。所选项不是可用的选项之一。")])
                getattr(self, "cleaned_data", {}).pop(name, None)

    SafeIdsForm.__name__ = form_class.__name__
    return SafeIdsForm


class SafeIdsMixin:
    """For any ModelAdmin: related ids that cannot exist are field errors (``with_safe_ids``)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_safe_ids(super().get_form(request, obj, change=change, **kwargs))


class ProjectAdmin(SafeIdsMixin, SimpleHistoryAdmin):
    """Every project model's admin: history, no hard delete, and impossible ids as field errors."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):  # a model that keeps no history
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)


class RecordAdmin(ProjectAdmin):
    """Browse and audit: additions and changes go through the pages and the API (the app's services).

    ``editable_fields``: notes an administrator may correct here; everything else is shown read-only.
    """

    editable_fields: tuple[str, ...] = ()
    service_note = gettext_lazy("此类记录在业务页面中办理（以保证规则一致），管理后台仅供查阅。")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(self.editable_fields) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        editable = set(self.editable_fields)
        fields = [field.name for field in self.model._meta.fields if field.name not in editable]
        fields += [field.name for field in self.model._meta.many_to_many if field.name not in editable]
        return fields

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        if request.method == "GET" and not self.editable_fields:
            messages.info(request, self.service_note)
        return super().change_view(request, object_id, form_url, extra_context)


class ServiceRefusal(Exception):
    """A service refused an admin save; carries the refusal to the change view, outside the transaction."""

    def __init__(self, error: ValidationError | PermissionDenied):
        super().__init__(str(error))
        self.error = error


def refusal_messages(error: ValidationError | PermissionDenied) -> list[str]:
    """The refusal as lines: "field label: message" for field errors, the message alone otherwise."""
    if isinstance(error, PermissionDenied):
        return [str(error) or _("您没有执行此操作的权限。")]
    if hasattr(error, "error_dict"):
        return [message for errors in error.error_dict.values() for message in ValidationError(errors).messages]
    return list(error.messages)


class ServiceAdmin(ProjectAdmin):
    """Adds and changes through the app's service; a refusal is a message, and nothing is written.

    An app implements ``service_create(request, data)`` and ``service_update(request, obj, data)``, where
    ``data`` holds the cleaned values of the fields the form shows (for a change: only those that
    changed). Related (many-to-many) values are in ``data`` too: the admin does not save them itself.
    """

    SERVICE_HOOKS = ("service_create", "service_update")

    def __init_subclass__(cls, **kwargs):
        """A subclass without both hooks fails when its module is imported, not as a 500 on its first save."""
        super().__init_subclass__(**kwargs)
        missing = [name for name in cls.SERVICE_HOOKS if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)} (core.admin.ServiceAdmin)")

    @staticmethod
    def _changed(current, form) -> dict:
        """The cleaned values that differ from the stored record (the form's own idea of "changed" compares
        text with text, so "70" and a stored 70.0 would count as a change)."""
        data = {}
        for name in form.changed_data:
            if name not in form.cleaned_data:
                continue
            value = form.cleaned_data[name]
            try:
                field = current._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field
                data[name] = value
                continue
            if field.many_to_many:
                stored = set(getattr(current, name).values_list("pk", flat=True))
                if stored != {item.pk for item in value}:
                    data[name] = value
            elif getattr(current, name) != value:
                data[name] = value
        return data

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        current = type(obj)._default_manager.get(pk=obj.pk) if change else None
        data = self._changed(current, form) if change else dict(form.cleaned_data)
        try:
            saved = self.service_update(request, current, data) if change else self.service_create(request, data)
        except (ValidationError, PermissionDenied) as error:
            raise ServiceRefusal(error) from error
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # many-to-many values went to the service with the rest; inlines are read-only
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            for line in refusal_messages(refusal.error):
                messages.error(request, _("未保存：%(reason)s") % {"reason": line})
            return HttpResponseRedirect(request.get_full_path())


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "requested_by", "done", "total", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "requested_by__username", "requested_by__full_name"]
    list_select_related = ["requested_by"]
    # The result file is shown by name only: it goes out to the job's owner alone (core.private_files).
    readonly_fields = [field.name for field in JobRun._meta.fields if field.name != "result_file"] + ["result_name"]
    exclude = ["result_file"]
    date_hierarchy = "created_at"
    actions = ["restart_failed"]

    @admin.display(description=gettext_lazy("结果文件"))
    def result_name(self, job: JobRun) -> str:
        return job.result_file.name if job.result_file else "—"

    @admin.action(description=gettext_lazy("重新运行所选的失败任务"))
    def restart_failed(self, request: HttpRequest, queryset) -> None:
        started = 0
        for job in queryset.filter(status=JobRun.Status.FAILED).exclude(task_name=""):
            try:
                job_run_retry(job=job)
            except JobAlreadyRunning:
                continue
            except JobQueueUnavailable as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            started += 1
        self.message_user(request, _("已重新运行 %(count)s 个任务。") % {"count": started}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False


@admin.register(ServiceHeartbeat)
class ServiceHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at"]
    readonly_fields = ["name", "seen_at", "details"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ServiceHeartbeat | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ServiceHeartbeat | None = None) -> bool:
        return False
