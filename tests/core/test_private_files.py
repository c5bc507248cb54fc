"""Private files (issue 14.3): a background export and uploaded evidence go out only through views that check
the user; anonymous and out-of-scope requests get 404, and no public URL serves MEDIA_ROOT."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from core.models import JobRun
from tests.factories import UserFactory
from training.models import ExternalHours

EXPORT_BYTES = b"PK\x03\x04 roster with full ID numbers"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def export_job(org_staff):
    """A finished background roster export of ``org_staff``."""
    job = JobRun(kind="core.list_export", requested_by=org_staff, status=JobRun.Status.SUCCEEDED, total=2, done=2)
    job.result_file.save("干部名册_20261130_0915.xlsx", ContentFile(EXPORT_BYTES), save=False)
    job.save()
    return job


def _evidence(cadre, name: str, content: bytes, content_type: str) -> ExternalHours:
    return ExternalHours.objects.create(
        cadre=cadre,
        title="省委党校进修",
        provider="provincial_party_school",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 5, 10),
        hours=Decimal("40"),
        evidence=SimpleUploadedFile(name, content, content_type=content_type),
    )


@pytest.fixture
def evidence(own_cadre):
    """Evidence of a cadre in 如龙镇 (unit_hr's scope; own_cadre is cadre_user's own record)."""
    return _evidence(own_cadre, "结业证书.pdf", b"%PDF-1.4 certificate", "application/pdf")


@pytest.fixture
def outside_evidence(outside_cadre):
    return _evidence(outside_cadre, "证明.pdf", b"%PDF-1.4 other", "application/pdf")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# ---------------------------------------------------------------- background export (job result file)


def test_the_owner_downloads_the_export(as_user, org_staff, export_job):
    response = as_user(org_staff).get(reverse("core:job_run_download", args=[export_job.pk]))

    assert response.status_code == 200
    assert _body(response) == EXPORT_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("visitor", ["anonymous", "admin_user", "unit_hr", "cadre_user", "another_org_staff"])
def test_nobody_but_the_owner_gets_the_export(request, as_user, export_job, visitor):
    if visitor == "another_org_staff":
        user = UserFactory(username="orgstaff2", role=Role.ORG_STAFF)
    else:
        user = None if visitor == "anonymous" else request.getfixturevalue(visitor)

    response = as_user(user).get(reverse("core:job_run_download", args=[export_job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("prefix", ["/media/", "/protected-media/"])
def test_no_url_serves_the_media_folder_even_to_the_owner(as_user, org_staff, export_job, prefix, settings):
    for debug in (False, True):
        settings.DEBUG = debug
        for user in (None, org_staff):
            response = as_user(user).get(prefix + export_job.result_file.name)
            assert response.status_code == 404, (debug, user, prefix)


@override_settings(PRIVATE_FILES_X_ACCEL=True)
def test_behind_nginx_the_app_hands_the_file_over_with_x_accel_redirect(as_user, org_staff, export_job):
    response = as_user(org_staff).get(reverse("core:job_run_download", args=[export_job.pk]))

    assert response.status_code == 200
    folder = f"{datetime.datetime.now():%Y/%m}"  # upload_to="jobs/%Y/%m/"
    assert response["X-Accel-Redirect"] == (
        f"/protected-media/jobs/{folder}/%E5%B9%B2%E9%83%A8%E5%90%8D%E5%86%8C_20261130_0915.xlsx"
    )
    assert response.content == b""
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%B9%B2%E9%83%A8%E5%90%8D%E5%86%8C_20261130_0915.xlsx"
    )


def test_an_unfinished_export_has_nothing_to_download(as_user, org_staff, export_job):
    JobRun.objects.filter(pk=export_job.pk).update(status=JobRun.Status.RUNNING)

    response = as_user(org_staff).get(reverse("core:job_run_download", args=[export_job.pk]))

    assert response.status_code == 404


def test_a_missing_file_is_a_404_not_a_500(as_user, org_staff, export_job):
    export_job.result_file.storage.delete(export_job.result_file.name)

    response = as_user(org_staff).get(reverse("core:job_run_download", args=[export_job.pk]))

    assert response.status_code == 404


# ---------------------------------------------------------------- uploaded evidence (a record's scope)


@pytest.mark.parametrize("visitor", ["org_staff", "unit_hr", "cadre_user"])
def test_users_whose_scope_holds_the_cadre_see_the_evidence(request, as_user, evidence, visitor):
    response = as_user(request.getfixturevalue(visitor)).get(reverse("training:external_evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert _body(response) == b"%PDF-1.4 certificate"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")  # a PDF opens in the browser


@pytest.mark.parametrize("visitor", ["anonymous", "unit_hr", "cadre_user"])
def test_anonymous_and_out_of_scope_requests_for_evidence_get_404(request, as_user, outside_evidence, visitor):
    user = None if visitor == "anonymous" else request.getfixturevalue(visitor)

    response = as_user(user).get(reverse("training:external_evidence", args=[outside_evidence.pk]))

    assert response.status_code == 404


def test_a_cadre_gets_no_evidence_of_a_colleague_in_the_same_unit(as_user, cadre_user, other_cadre):
    colleague = _evidence(other_cadre, "证书.pdf", b"%PDF-1.4 colleague", "application/pdf")

    response = as_user(cadre_user).get(reverse("training:external_evidence", args=[colleague.pk]))

    assert response.status_code == 404


def test_uploaded_html_is_downloaded_never_shown_as_a_page(as_user, org_staff, own_cadre):
    record = _evidence(own_cadre, "证明.html", b"<script>document.title=1337</script>", "text/html")

    response = as_user(org_staff).get(reverse("training:external_evidence", args=[record.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_evidence_url_never_points_into_the_media_folder(evidence):
    assert evidence.evidence.url.startswith("/protected-media/training/evidence/")
