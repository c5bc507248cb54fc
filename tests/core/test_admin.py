"""The Django admin: every project model is registered, searchable and keeps its history; edits made there
are validated like everywhere else and recorded with the admin as the author."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import registered_models

from accounts.models import Role, User
from cadres.models import Cadre
from core.models import JobRun


def project_app_configs() -> list:
    """The project's own apps (accounts, cadres, core, careers, training, postings, care, and any added
    later): those whose code lives in the repository rather than in an installed package."""
    base_dir = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base_dir)
        and not Path(config.path).resolve().is_relative_to(base_dir / ".venv")
    ]


def is_history_table(model) -> bool:
    # simple_history's generated models point back at the model they record
    return hasattr(model, "instance_type")


def project_models() -> list:
    """Every concrete model of the project apps except the history tables simple_history generates and
    the auto-created many-to-many tables. Looked up at run time, so models other apps add are included."""
    found = []
    for config in project_app_configs():
        found.extend(
            model for model in config.get_models() if not is_history_table(model) and not model._meta.auto_created
        )
    return found


def has_history(model) -> bool:
    """Whether the model declares ``HistoricalRecords`` (simple_history registers it by table)."""
    return registered_models.get(model._meta.db_table) is model


def test_the_project_has_the_foundation_models():
    labels = {model._meta.label for model in project_models()}

    assert {config.label for config in project_app_configs()} >= {
        "accounts",
        "cadres",
        "core",
        "careers",
        "training",
        "postings",
        "care",
    }
    assert {"accounts.User", "cadres.Unit", "cadres.Cadre", "core.JobRun"} <= labels
    assert not any(label.startswith(("simple_history.", "axes.", "authtoken.")) for label in labels)


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_every_project_model_is_registered_in_admin(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not registered in the admin"
    model_admin = admin.site.get_model_admin(model)
    assert model_admin.search_fields, f"{model._meta.label} admin has no search_fields"


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_models_with_history_show_it_in_admin(model):
    if not has_history(model):
        pytest.skip(f"{model._meta.label} keeps no history")
    if not admin.site.is_registered(model):
        pytest.skip(f"{model._meta.label} is not registered (reported by the registration test)")

    assert isinstance(admin.site.get_model_admin(model), SimpleHistoryAdmin)


@pytest.mark.parametrize("label", ["accounts.User", "cadres.Unit", "cadres.Cadre", "core.JobRun"])
def test_foundation_admins_have_filters(label):
    model_admin = admin.site.get_model_admin(apps.get_model(label))

    assert model_admin.list_filter
    assert model_admin.search_fields


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_admin_changelist_and_search_render(admin_client, own_cadre, model):
    if not admin.site.is_registered(model):
        pytest.skip(f"{model._meta.label} is not registered (reported by the registration test)")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "扎西"}).status_code == 200


def test_non_admin_cannot_open_admin(org_staff):
    client = Client()
    client.force_login(org_staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def cadre_form_data(cadre: Cadre, **changes) -> dict:
    data = {
        "name": cadre.name,
        "gender": cadre.gender,
        "ethnicity": cadre.ethnicity,
        "birth_date": cadre.birth_date.isoformat(),
        "id_number": cadre.id_number,
        "native_place": cadre.native_place,
        "education_full_time": cadre.education_full_time,
        "education_in_service": cadre.education_in_service,
        "political_status": cadre.political_status,
        "party_join_date": "",
        "work_start_date": cadre.work_start_date.isoformat() if cadre.work_start_date else "",
        "category": cadre.category,
        "unit": cadre.unit_id,
        "post_title": cadre.post_title,
        "post_date": "",
        "leadership_level": cadre.leadership_level or "",
        "rank": cadre.rank or "",
        "rank_date": cadre.rank_date.isoformat() if cadre.rank_date else "",
        "status": cadre.status,
        "phone": cadre.phone,
        "_save": "保存",
    }
    data.update(changes)
    return data


def test_admin_edit_of_a_cadre_is_recorded_with_the_admin_as_author(admin_client, admin_user, own_cadre):
    url = reverse("admin:cadres_cadre_change", args=[own_cadre.pk])

    response = admin_client.post(url, cadre_form_data(own_cadre, native_place="四川康定"))

    assert response.status_code == 302
    own_cadre.refresh_from_db()
    assert own_cadre.native_place == "四川康定"
    latest = own_cadre.history.latest()
    assert (latest.history_type, latest.history_user, latest.native_place) == ("~", admin_user, "四川康定")
    history_page = admin_client.get(reverse("admin:cadres_cadre_history", args=[own_cadre.pk]))
    assert history_page.status_code == 200
    assert "admin" in history_page.content.decode()


def test_admin_applies_the_id_number_checksum(admin_client, own_cadre):
    url = reverse("admin:cadres_cadre_change", args=[own_cadre.pk])
    original_id_number = own_cadre.id_number
    bad = original_id_number[:-1] + ("1" if original_id_number[-1] != "1" else "2")
    history_before = own_cadre.history.count()

    response = admin_client.post(url, cadre_form_data(own_cadre, id_number=bad, post_title="改了"))

    assert response.status_code == 200
    assert "身份证号校验码错误。" in response.content.decode()
    own_cadre.refresh_from_db()
    assert (own_cadre.id_number, own_cadre.post_title) == (original_id_number, "科员")
    assert own_cadre.history.count() == history_before


def test_job_runs_are_read_only_in_admin(admin_client, admin_user):
    job = JobRun.objects.create(kind="roster_export", requested_by=admin_user)
    change_url = reverse("admin:core_jobrun_change", args=[job.pk])

    assert admin_client.get(reverse("admin:core_jobrun_add")).status_code == 403
    assert admin_client.get(change_url).status_code == 200
    assert admin_client.post(change_url, {"kind": "changed"}).status_code == 403
    assert admin_client.post(reverse("admin:core_jobrun_delete", args=[job.pk]), {"post": "yes"}).status_code == 403
    job.refresh_from_db()
    assert job.kind == "roster_export"


def test_admin_creates_a_unit_hr_user_with_role_and_units(admin_client, admin_user, county):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "hr2",
            "password1": "Xz8!qLr2mVw",
            "password2": "Xz8!qLr2mVw",
            "usable_password": "true",
            "role": Role.UNIT_HR,
            "full_name": "人事专干二",
            "managed_units": [county["township"].pk],
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="hr2")
    assert user.check_password("Xz8!qLr2mVw")
    assert (user.role, list(user.managed_units.all())) == (Role.UNIT_HR, [county["township"]])
    assert user.history.get().history_user == admin_user


def test_admin_user_form_refuses_staff_flag_for_cadre_role(admin_client, cadre_user):
    url = reverse("admin:accounts_user_change", args=[cadre_user.pk])
    page = admin_client.get(url)
    data = {
        "username": cadre_user.username,
        "role": Role.CADRE,
        "is_active": "on",
        "is_staff": "on",
        "cadre": cadre_user.cadre_id,
        "date_joined_0": page.context["adminform"].form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": "00:00:00",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"is_staff": ["“干部本人”角色的账号不能进入管理后台。"]}
    assert User.objects.get(pk=cadre_user.pk).is_staff is False
