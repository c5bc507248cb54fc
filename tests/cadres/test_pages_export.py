"""The roster export (导出花名册): the same rows as the filtered list, inline when small, a job when large."""

import pytest
from django.test import override_settings
from django.urls import reverse

from cadres.choices import CadreStatus, Category
from core.models import JobRun
from tests.factories import CadreFactory
from tests.sheets import exported_table

EXPORT_URL = reverse("cadres:roster_export")
LIST_URL = reverse("cadres:cadre_list")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def roster(county):
    CadreFactory(name="扎西", unit=county["township"], category=Category.CIVIL_SERVANT)
    CadreFactory(name="卓玛", unit=county["village"], category=Category.VILLAGE)
    CadreFactory(name="王建国", unit=county["organ"], category=Category.CIVIL_SERVANT)
    CadreFactory(name="李明", unit=county["organ"], category=Category.CIVIL_SERVANT, status=CadreStatus.RETIRED)
    return county


def sheet_rows(content: bytes) -> list[list]:
    """The header row and the data rows, without the title lines and the 序号 column."""
    header, rows = exported_table(content)
    assert header[0] == "序号"
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    return [header[1:]] + [row[1:] for row in rows]


def list_ids_and_names(client, query: dict) -> list[tuple[str, str]]:
    response = client.get(LIST_URL, {**query, "per_page": 200})
    return sorted((row.record.id_number, row.record.name) for row in response.context["table"].page.object_list)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({}, id="default-active-only"),
        pytest.param({"category": "civil_servant"}, id="category"),
        pytest.param({"status": ""}, id="every-status"),
        pytest.param({"q": "zx"}, id="pinyin-initials"),
    ],
)
def test_inline_export_rows_equal_the_filtered_list(as_user, org_staff, roster, query):
    client = as_user(org_staff)

    response = client.get(EXPORT_URL, query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = sheet_rows(response.content)
    assert header[:5] == ["姓名", "性别", "民族", "出生日期", "身份证号"]
    assert sorted((row[4], row[0]) for row in rows) == list_ids_and_names(client, query)
    assert not JobRun.objects.exists()


def test_inline_export_of_unit_hr_stays_in_scope_with_full_id_numbers(as_user, unit_hr, roster):
    response = as_user(unit_hr).get(EXPORT_URL)

    _header, *rows = sheet_rows(response.content)
    zhaxi = CadreFactory._meta.model.objects.get(name="扎西")
    assert sorted(row[0] for row in rows) == sorted(["扎西", "卓玛"])
    assert [row[4] for row in rows if row[0] == "扎西"] == [zhaxi.id_number]
    assert {row[1] for row in rows} == {"男"}


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_export_above_the_threshold_runs_as_a_job_and_finishes_with_the_file(
    as_user, org_staff, roster, django_capture_on_commit_callbacks
):
    client = as_user(org_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT_URL, {"category": "civil_servant"})

    job = JobRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_run_detail", args=[job.pk])
    assert job.requested_by == org_staff
    assert job.status == JobRun.Status.SUCCEEDED
    assert (job.total, job.done, job.percent) == (2, 2, 100)
    download = client.get(reverse("core:job_run_download", args=[job.pk]))
    _header, *rows = sheet_rows(b"".join(download.streaming_content))
    assert [row[0] for row in rows] == ["王建国", "扎西"]  # the list's order: the official one (organ before township)


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_job_page_shows_the_progress_and_the_download_link(
    as_user, org_staff, roster, django_capture_on_commit_callbacks
):
    client = as_user(org_staff)
    with django_capture_on_commit_callbacks(execute=True):
        redirect_response = client.get(EXPORT_URL)
    job = JobRun.objects.get()

    response = client.get(redirect_response["Location"])
    page = response.content.decode()
    fragment = client.get(reverse("core:job_run_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert response.status_code == 200
    assert "已转为后台任务" in page
    assert reverse("core:job_run_download", args=[job.pk]) in page
    assert "100%" in fragment
    assert "<html" not in fragment
    assert "hx-trigger" not in fragment  # finished: the browser stops polling


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_pending_job_fragment_keeps_polling(as_user, org_staff, roster):
    client = as_user(org_staff)
    response = client.get(EXPORT_URL)  # no commit in this test: the job stays queued
    job = JobRun.objects.get()

    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()

    assert job.status == JobRun.Status.PENDING
    assert 'hx-trigger="every 1s"' in fragment
    assert "0%" in fragment


def test_cadre_cannot_export_and_no_job_is_created(as_user, cadre_user, roster):
    with override_settings(LIST_EXPORT_INLINE_MAX_ROWS=0):
        response = as_user(cadre_user).get(EXPORT_URL)

    assert response.status_code == 403
    assert not JobRun.objects.exists()
