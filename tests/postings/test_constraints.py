"""The database refuses a second serving posting of a cadre and a second serving first secretary of a village
(domain-rules §7); the services say so in Chinese, also under concurrent requests on PostgreSQL."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.integrity import save_or_refuse
from postings import services
from postings.choices import PostingKind, PostingStatus
from postings.models import Posting
from tests.factories import CadreFactory, UserFactory
from tests.postings.factories import PostingFactory

D = datetime.date


def test_database_refuses_second_serving_posting_of_a_cadre(county, own_cadre):
    PostingFactory(cadre=own_cadre, planned_start=D(2026, 1, 1), planned_end=D(2026, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        PostingFactory(cadre=own_cadre, planned_start=D(2027, 1, 1), planned_end=D(2027, 12, 31))
    assert Posting.objects.filter(cadre=own_cadre).count() == 1


def test_database_refuses_second_serving_first_secretary_of_a_village(county, own_cadre, outside_cadre):
    village = county["village"]
    PostingFactory(cadre=own_cadre, kind=PostingKind.FIRST_SECRETARY, host_unit=village)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostingFactory(cadre=outside_cadre, kind=PostingKind.FIRST_SECRETARY, host_unit=village)
    assert Posting.objects.filter(host_unit=village).count() == 1


def test_database_allows_serving_front_line_postings_of_two_cadres_in_one_village(county, own_cadre, outside_cadre):
    PostingFactory(cadre=own_cadre, host_unit=county["village"])
    PostingFactory(cadre=outside_cadre, host_unit=county["village"])
    assert Posting.objects.filter(host_unit=county["village"], status=PostingStatus.SERVING).count() == 2


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"planned_start": D(2026, 5, 1), "planned_end": D(2026, 4, 30)}, "posting_planned_end_after_start"),
        ({"status": PostingStatus.COMPLETED, "actual_end": D(2025, 1, 1)}, "posting_actual_end_after_start"),
        ({"status": PostingStatus.COMPLETED, "actual_end": None}, "posting_completed_has_end"),
        ({"kind": PostingKind.FRONT_LINE, "front_line": ""}, "posting_front_line_iff_kind"),
        ({"host_unit": None}, "posting_has_host"),
    ],
)
def test_database_refuses_incoherent_postings(county, own_cadre, fields, constraint):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        PostingFactory(cadre=own_cadre, **fields)
    if connection.vendor == "postgresql":
        assert constraint in str(error.value)
    assert Posting.objects.count() == 0


def test_service_refuses_second_serving_posting_with_a_clear_message(county, outside_cadre, org_staff, today):
    PostingFactory(cadre=outside_cadre, planned_start=D(2026, 1, 1), planned_end=D(2026, 12, 31))
    data = {
        "cadre": outside_cadre,
        "kind": PostingKind.TEMPORARY_POST,
        "host_unit": county["township"],
        "planned_start": D(2026, 6, 1),
        "planned_end": D(2027, 5, 31),
    }
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=org_staff, data=data)
    assert error.value.message_dict == {
        "planned_start": ["与该干部已有的实践锻炼（2026-01-01 至 2026-12-31）时间重叠。"],
        "cadre": ["该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。"],
    }
    assert Posting.objects.count() == 1


def test_service_refuses_second_serving_first_secretary_with_a_clear_message(
    county, own_cadre, org_staff, first_secretary_data, today
):
    services.posting_create(actor=org_staff, data=first_secretary_data)
    data = {**first_secretary_data, "cadre": own_cadre}
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=org_staff, data=data)
    assert error.value.message_dict == {"host_unit": ["该村已有在岗的第一书记。"]}
    assert Posting.objects.filter(host_unit=county["village"]).count() == 1


def test_service_refuses_planned_first_secretary_overlapping_one_in_the_village(
    county, own_cadre, org_staff, first_secretary_data, today
):
    services.posting_create(actor=org_staff, data=first_secretary_data)
    data = {**first_secretary_data, "cadre": own_cadre, "planned_start": D(2027, 6, 1), "planned_end": D(2029, 5, 31)}
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=org_staff, data=data)
    assert error.value.message_dict == {"host_unit": ["该村在这段时间已有第一书记。"]}


def test_a_database_refusal_that_gets_past_the_checks_becomes_the_same_message(county, own_cadre):
    PostingFactory(cadre=own_cadre)
    second = PostingFactory.build(
        cadre=own_cadre, host_unit=county["organ"], planned_start=D(2028, 1, 1), planned_end=D(2028, 12, 31)
    )

    with pytest.raises(ValidationError) as refused:
        save_or_refuse(second, messages=services.constraint_messages())

    assert refused.value.message_dict == {"cadre": ["该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。"]}
    assert Posting.objects.filter(cadre=own_cadre).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": PostingKind.FRONT_LINE}, "front_line", "一线锻炼须选择一线类别。"),
        ({"kind": PostingKind.EXCHANGE}, "exchange_direction", "双向交流须选择交流方向。"),
        ({"planned_end": D(2026, 12, 31)}, "planned_end", "第一书记任期一般不少于 24 个月。"),
        ({"planned_end": D(2026, 2, 1)}, "planned_end", "计划结束日期不能早于开始日期。"),
        ({"host_unit": None}, "host_unit", "请填写接收单位（县外单位填写县外接收单位）。"),
    ],
)
def test_service_refuses_incoherent_postings_with_field_messages(
    org_staff, first_secretary_data, today, change, field, message
):
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=org_staff, data={**first_secretary_data, **change})
    assert error.value.message_dict[field] == [message]
    assert Posting.objects.count() == 0


def test_first_secretary_must_serve_in_a_village(county, org_staff, first_secretary_data, today):
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=org_staff, data={**first_secretary_data, "host_unit": county["township"]})
    assert error.value.message_dict == {"host_unit": ["第一书记的接收单位须是村（社区）。"]}


def test_unit_hr_cannot_post_a_cadre_outside_the_managed_units(unit_hr, first_secretary_data, today):
    with pytest.raises(ValidationError) as error:
        services.posting_create(actor=unit_hr, data=first_secretary_data)
    assert error.value.message_dict == {"cadre": ["该干部不在您的管理范围内。"]}
    assert Posting.objects.count() == 0


def test_status_follows_the_dates(county, own_cadre, org_staff, today):
    base = {"cadre": own_cadre, "kind": PostingKind.TEMPORARY_POST, "host_unit": county["organ"]}
    past = services.posting_create(
        actor=org_staff, data={**base, "planned_start": D(2020, 1, 1), "planned_end": D(2020, 12, 31)}
    )
    future = services.posting_create(
        actor=org_staff, data={**base, "planned_start": D(2027, 1, 1), "planned_end": D(2027, 6, 30)}
    )
    assert (past.status, past.actual_end) == (PostingStatus.COMPLETED, D(2020, 12, 31))
    assert (future.status, future.actual_end) == (PostingStatus.PLANNED, None)


def test_extension_moves_the_end_and_keeps_the_reason(org_staff, first_secretary_data, today):
    posting = services.posting_create(actor=org_staff, data=first_secretary_data)
    services.posting_extend(actor=org_staff, posting=posting, new_end=D(2028, 8, 31), reason="巩固脱贫成果")
    posting.refresh_from_db()
    extension = posting.extensions.get()
    assert (posting.planned_end, extension.previous_end, extension.new_end, extension.reason) == (
        D(2028, 8, 31),
        D(2028, 2, 29),
        D(2028, 8, 31),
        "巩固脱贫成果",
    )
    assert posting.history.count() == 2


def test_extension_into_another_posting_is_refused(county, org_staff, first_secretary_data, today):
    posting = services.posting_create(actor=org_staff, data=first_secretary_data)
    PostingFactory(
        cadre=posting.cadre, status=PostingStatus.PLANNED, planned_start=D(2028, 6, 1), planned_end=D(2028, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        services.posting_extend(actor=org_staff, posting=posting, new_end=D(2028, 8, 31), reason="延期")
    assert error.value.message_dict == {"new_end": ["与该干部已有的实践锻炼（2028-06-01 至 2028-12-31）时间重叠。"]}
    posting.refresh_from_db()
    assert posting.planned_end == D(2028, 2, 29)


def test_recall_before_start_frees_the_time(county, own_cadre, org_staff, today):
    base = {"cadre": own_cadre, "kind": PostingKind.TEMPORARY_POST, "host_unit": county["organ"]}
    planned = services.posting_create(
        actor=org_staff, data={**base, "planned_start": D(2027, 1, 1), "planned_end": D(2027, 6, 30)}
    )
    services.posting_recall(actor=org_staff, posting=planned, on=today, reason="工作需要")
    again = services.posting_create(
        actor=org_staff, data={**base, "planned_start": D(2027, 1, 1), "planned_end": D(2027, 6, 30)}
    )
    planned.refresh_from_db()
    assert (planned.status, planned.actual_end, again.status) == (
        PostingStatus.RECALLED,
        None,
        PostingStatus.PLANNED,
    )


def test_presence_record_refuses_more_days_than_the_month_has(org_staff, first_secretary_data, today):
    posting = services.posting_create(actor=org_staff, data=first_secretary_data)
    with pytest.raises(ValidationError) as error:
        services.presence_record(actor=org_staff, posting=posting, month=D(2026, 4, 1), days=31)
    assert error.value.message_dict == {"days": ["在岗天数应在 0 到 30 之间。"]}
    services.presence_record(actor=org_staff, posting=posting, month=D(2026, 4, 1), days=25)
    services.presence_record(actor=org_staff, posting=posting, month=D(2026, 4, 1), days=26)
    assert list(posting.presences.values_list("month", "days")) == [(D(2026, 4, 1), 26)]


# ---------------------------------------------------------------- concurrency (PostgreSQL)


def _race(make_call, count: int = 2) -> list:
    """Run ``count`` calls at once, each in its own thread and connection; return what each got."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = make_call(index)
        except Exception as error:  # the outcome of each request is what is asserted
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_postings_of_one_cadre_exactly_one_succeeds(skip_unless_postgres, county, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 11, 24))
    staff = UserFactory(username="race-staff", role="org_staff")
    cadre = CadreFactory(unit=county["organ"])
    hosts = [county["township"], county["root"]]

    def create(index: int):
        return services.posting_create(
            actor=staff,
            data={
                "cadre": cadre,
                "kind": PostingKind.TEMPORARY_POST,
                "host_unit": hosts[index],
                "planned_start": D(2026, 1, 1) + datetime.timedelta(days=index * 200),
                "planned_end": D(2027, 12, 31),
            },
        )

    results = _race(create)
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert sum(isinstance(r, Posting) for r in results) == 1
    assert len(errors) == 1
    assert "该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。" in errors[0].messages
    assert Posting.objects.filter(cadre=cadre).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_secretaries_of_one_village_exactly_one_succeeds(skip_unless_postgres, county, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 11, 24))
    staff = UserFactory(username="race-staff", role="org_staff")
    cadres = [CadreFactory(unit=county["organ"]), CadreFactory(unit=county["root"])]

    def create(index: int):
        return services.posting_create(
            actor=staff,
            data={
                "cadre": cadres[index],
                "kind": PostingKind.FIRST_SECRETARY,
                "host_unit": county["village"],
                "planned_start": D(2026, 3, 1),
                "planned_end": D(2028, 2, 29),
            },
        )

    results = _race(create)
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert sum(isinstance(r, Posting) for r in results) == 1
    assert [e.message_dict for e in errors] == [{"host_unit": ["该村已有在岗的第一书记。"]}]
    assert Posting.objects.filter(host_unit=county["village"]).count() == 1


@pytest.mark.postgres
def test_postgresql_refuses_overlapping_planned_postings_of_a_cadre(skip_unless_postgres, county, own_cadre):
    PostingFactory(
        cadre=own_cadre, status=PostingStatus.PLANNED, planned_start=D(2027, 1, 1), planned_end=D(2027, 12, 31)
    )
    overlapping = PostingFactory.build(
        cadre=own_cadre,
        host_unit=county["organ"],
        status=PostingStatus.PLANNED,
        planned_start=D(2027, 6, 1),
        planned_end=D(2028, 5, 31),
    )
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        overlapping.save()
    assert "posting_no_overlap_per_cadre" in str(error.value)

    with pytest.raises(ValidationError) as refused:
        save_or_refuse(overlapping, messages=services.constraint_messages())
    assert refused.value.message_dict == {"planned_start": ["与该干部已有的实践锻炼时间重叠。"]}
