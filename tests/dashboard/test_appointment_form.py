"""The 干部任免审批表: built from the records for a cadre with a long career, as A4 HTML, an editable Word file
and a PDF with an embedded CJK font; the batch as one download; staff only, within their scope."""

import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from pypdf import PdfReader

from assessments.choices import Grade
from cadres.choices import Education, EducationKind, FamilyRelation, PoliticalStatus
from cadres.models import EducationRecord, FamilyMember
from careers.choices import AppointmentKind, RecordKind
from core.models import JobRun
from dashboard.appointment_form import (
    CareerStep,
    annual_results_text,
    resume_line,
    resume_lines,
    rewards_and_punishments_text,
)
from rewards.choices import AwardKind
from tests.assessments.factories import AnnualResultFactory
from tests.careers.factories import AccountabilityRecordFactory, AppointmentFactory
from tests.factories import CadreFactory
from tests.rewards.factories import AwardFactory

# ---------------------------------------------------------------- pure texts


def test_a_resume_line_is_written_as_on_the_paper_form():
    assert resume_line(date(1998, 9, 1), date(2002, 7, 1), "四川大学法学院法学专业学习") == (
        "1998.09--2002.07  四川大学法学院法学专业学习"
    )
    assert resume_line(date(2020, 11, 3), None, "新龙县财政局局长") == "2020.11--         新龙县财政局局长"


def test_an_appointment_runs_until_the_next_and_a_removal_writes_no_line():
    lines = resume_lines(
        education=[CareerStep(date(1998, 9, 1), date(2002, 7, 1), "四川大学学习")],
        appointments=[
            CareerStep(date(2002, 7, 15), None, "茹龙镇科员"),
            CareerStep(date(2010, 3, 1), None, "茹龙镇副镇长"),
            CareerStep(date(2015, 6, 1), None, "免职", takes_post=False),
            CareerStep(date(2015, 9, 1), None, "县财政局副局长"),
        ],
    )

    assert lines == [
        "1998.09--2002.07  四川大学学习",
        "2002.07--2010.03  茹龙镇科员",
        "2010.03--2015.06  茹龙镇副镇长",
        "2015.09--         县财政局副局长",
    ]


def test_the_annual_results_are_the_last_three_years_in_order():
    results = [(2021, Grade.EXCELLENT), (2025, Grade.COMPETENT), (2023, Grade.UNGRADED), (2024, Grade.EXCELLENT)]

    assert annual_results_text(results) == "2023年度考核不定等次；2024年度考核优秀；2025年度考核称职。"
    assert annual_results_text([]) == "无"


def test_rewards_and_punishments_in_date_order():
    text = rewards_and_punishments_text(
        awards=[(date(2022, 12, 1), "嘉奖", "新龙县人民政府")],
        punishments=[(date(2021, 3, 15), "诫勉", "县委组织部")],
    )

    assert text == "2021年3月受诫勉（县委组织部）；2022年12月获嘉奖（新龙县人民政府）。"


# ---------------------------------------------------------------- a cadre with a long career


@pytest.fixture
def long_career(county):
    """扎西: university, eight posts over 24 years, five annual results, an award, a punishment, a family."""
    cadre = CadreFactory(
        name="扎西", birth_date=date(1980, 5, 13), unit=county["organ"], post_title="局长", native_place="四川新龙"
    )
    EducationRecord.objects.create(
        cadre=cadre,
        kind=EducationKind.FULL_TIME,
        level=Education.BACHELOR,
        degree="bachelor",
        school_and_major="四川大学法学院法学专业",
        start_date=date(1998, 9, 1),
        end_date=date(2002, 7, 1),
    )
    posts = [
        (date(2002, 7, 15), "茹龙镇人民政府科员"),
        (date(2005, 3, 1), "茹龙镇党政办副主任"),
        (date(2008, 6, 1), "茹龙镇党政办主任"),
        (date(2011, 9, 1), "茹龙镇副镇长"),
        (date(2014, 12, 1), "茹龙镇党委副书记、镇长"),
        (date(2018, 4, 1), "茹龙镇党委书记"),
        (date(2021, 7, 1), "县财政局副局长"),
        (date(2023, 11, 1), "县财政局局长"),
    ]
    for day, post in posts:
        AppointmentFactory(
            cadre=cadre, effective_date=day, post_title=post, unit=county["root"], kind=AppointmentKind.LATERAL_TRANSFER
        )
    for year, grade in [(2021, Grade.COMPETENT), (2022, Grade.COMPETENT), (2023, Grade.EXCELLENT)]:
        AnnualResultFactory(cadre=cadre, year=year, grade=grade)
    AnnualResultFactory(cadre=cadre, year=2024, grade=Grade.COMPETENT)
    AnnualResultFactory(cadre=cadre, year=2025, grade=Grade.EXCELLENT)
    AwardFactory(cadre=cadre, kind=AwardKind.COMMENDATION, year=2023, awarded_on=date(2024, 3, 1))
    AccountabilityRecordFactory(
        cadre=cadre, kind=RecordKind.ADMONISHMENT, decided_on=date(2019, 5, 10), issuing_body="县纪委监委"
    )
    AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.REMINDER_TALK, decided_on=date(2020, 5, 10))
    FamilyMember.objects.create(
        cadre=cadre,
        relation=FamilyRelation.WIFE,
        name="李华",
        birth_date=date(1982, 5, 14),
        political_status=PoliticalStatus.PARTY_MEMBER,
        work_unit_and_post="新龙县人民医院护士",
    )
    return cadre


EXPECTED_RESUME = [
    "1998.09--2002.07  四川大学法学院法学专业学习",
    "2002.07--2005.03  新龙县茹龙镇人民政府科员",
    "2014.12--2018.04  新龙县茹龙镇党委副书记、镇长",
    "2023.11--         新龙县县财政局局长",
]
EXPECTED_RESULTS = "2023年度考核优秀；2024年度考核称职；2025年度考核优秀。"


@pytest.fixture
def on_2026_11_30(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def test_the_preview_shows_the_form_filled_from_the_records(as_user, org_staff, long_career, on_2026_11_30):
    response = as_user(org_staff).get(
        f"/dashboard/appointment-form/{long_career.pk}/", {"appoint_to": "县委办公室主任", "reason": "工作需要"}
    )
    html = response.content.decode()

    assert response.status_code == 200
    for text in [
        "1980.05（46岁）",
        *EXPECTED_RESUME,
        EXPECTED_RESULTS,
        "2019年5月受诫勉（县纪委监委）",
        "2024年3月获嘉奖（中共新龙县委）",
        "县委办公室主任",
        "李华",
    ]:
        assert text in html, text
    assert "提醒谈话" not in html  # not a punishment


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_holds_the_name_the_resume_and_the_last_three_results_in_chinese(
    as_user, org_staff, long_career, on_2026_11_30
):
    response = as_user(org_staff).get(f"/dashboard/appointment-form/{long_career.pk}/", {"format": "pdf"})
    text = _squeezed(_pdf_text(response.content))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "干部任免审批表" in text.replace(" ", "")  # the title is letter-spaced
    assert "扎西" in text
    for line in EXPECTED_RESUME:
        assert _squeezed(line) in text, line
    assert EXPECTED_RESULTS in text
    fonts = {str(font) for page in PdfReader(io.BytesIO(response.content)).pages for font in _fonts(page)}
    # Only the font shipped with the project (static/vendor/fonts), embedded as a subset: no system font.
    assert {font.split("+")[-1] for font in fonts} <= {"CadreFormSans", "CadreFormSans-Bold"}, fonts


def _fonts(page) -> list[str]:
    resources = page["/Resources"]["/Font"]
    return [resources[name].get_object()["/BaseFont"] for name in resources]


def test_the_word_file_is_editable_text_with_the_same_contents(as_user, org_staff, long_career, on_2026_11_30):
    response = as_user(org_staff).get(f"/dashboard/appointment-form/{long_career.pk}/", {"format": "docx"})
    text = _docx_text(response.content)

    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    assert "扎西" in text
    for line in EXPECTED_RESUME:
        assert line in text, line
    assert EXPECTED_RESULTS in text
    assert "新龙县人民医院护士" in text


def test_stored_text_is_escaped_on_the_form(as_user, org_staff, county):
    cadre = CadreFactory(name="扎西", unit=county["organ"], post_title="<script>alert(1)</script>")

    html = as_user(org_staff).get(f"/dashboard/appointment-form/{cadre.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("who", "expected"), [("cadre_user", 403), ("unit_hr", 404), (None, 302)])
def test_only_staff_in_scope_get_a_form(request, as_user, long_career, who, expected):
    user = request.getfixturevalue(who) if who else None

    response = as_user(user).get(f"/dashboard/appointment-form/{long_career.pk}/", {"format": "docx"})

    assert response.status_code == expected


def test_the_forms_of_many_cadres_take_the_same_queries_as_of_one(org_staff, long_career, county):
    from cadres.selectors import cadre_list
    from dashboard.appointment_form import Proposal, appointment_forms_for

    with CaptureQueriesContext(connection) as one:
        appointment_forms_for(cadres=list(cadre_list(user=org_staff).filter(pk=long_career.pk)), proposal=Proposal())
    for _ in range(5):
        CadreFactory(unit=county["township"])
    with CaptureQueriesContext(connection) as many:
        forms = appointment_forms_for(cadres=list(cadre_list(user=org_staff)), proposal=Proposal())

    assert len(forms) == 6
    assert len(many.captured_queries) == len(one.captured_queries)


# ---------------------------------------------------------------- batch


def test_a_batch_names_every_line_it_cannot_match_and_starts_nothing(as_user, unit_hr, own_cadre, outside_cadre):
    response = as_user(unit_hr).post(
        "/dashboard/appointment-forms/", {"cadres": f"{own_cadre.id_number}\n王建国\n不存在", "file_format": "docx"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["cadres"] == [
        "第2行“王建国”：未找到（或不在您的管理范围内）",
        "第3行“不存在”：未找到（或不在您的管理范围内）",
    ]
    assert not JobRun.objects.exists()


def test_a_batch_of_word_files_is_one_zip_for_the_requester_only(
    as_user, org_staff, unit_hr, long_career, own_cadre, django_capture_on_commit_callbacks
):
    client = as_user(org_staff)

    response = client.post(
        "/dashboard/appointment-forms/", {"cadres": f"{own_cadre.id_number}\n扎西", "file_format": "docx"}
    )
    assert response.status_code == 200  # 扎西 twice: own_cadre and long_career share the name
    assert "有2人同名" in str(response.context["form"].errors)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dashboard/appointment-forms/",
            {"cadres": f"{own_cadre.id_number}\n{long_career.id_number}", "file_format": "docx"},
        )
    job = JobRun.objects.get()
    download = client.get(f"/jobs/{job.pk}/download/")
    stranger = as_user(unit_hr).get(f"/jobs/{job.pk}/download/")

    assert response.status_code == 302
    assert job.status == JobRun.Status.SUCCEEDED
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 2
    assert all(name.startswith("干部任免审批表_扎西_") and name.endswith(".docx") for name in archive.namelist())
    assert stranger.status_code == 404


def test_a_pdf_batch_is_one_file_with_every_form(
    as_user, org_staff, long_career, own_cadre, django_capture_on_commit_callbacks
):
    client = as_user(org_staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/dashboard/appointment-forms/",
            {"cadres": f"{own_cadre.id_number}\n{long_career.id_number}", "file_format": "pdf"},
        )
    job = JobRun.objects.get()
    text = _pdf_text(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content))

    assert text.replace(" ", "").count("干部任免审批表") == 2


def test_the_batch_form_ignores_a_preselected_cadre_that_is_no_number(as_user, org_staff, own_cadre):
    response = as_user(org_staff).get("/dashboard/appointment-forms/", {"cadre": ["²", str(own_cadre.pk)]})

    assert response.status_code == 200
    assert response.context["form"].initial["cadres"] == own_cadre.id_number
