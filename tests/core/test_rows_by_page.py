"""core.tables.RowsByPage: a report's rows built a page at a time (the page's records only, once)."""

import pytest

from cadres.models import Unit
from core.tables import RowsByPage
from tests.factories import CadreFactory


class Builder:
    """Records each chunk it is asked to build; a row is the record's text."""

    def __init__(self):
        self.chunks = []

    def __call__(self, records):
        self.chunks.append(list(records))
        return [f"row {record}" for record in records]


def test_a_page_builds_its_own_records_once_however_often_it_is_read():
    build = Builder()
    rows = RowsByPage(list(range(100)), build)

    first, again = rows[25:50], rows[25:50]

    assert first == again == [f"row {n}" for n in range(25, 50)]
    assert build.chunks == [list(range(25, 50))]
    assert (len(rows), rows[3]) == (100, "row 3")


def test_an_export_reads_every_record_in_chunks_in_order(monkeypatch):
    monkeypatch.setattr(RowsByPage, "EXPORT_CHUNK", 40)
    build = Builder()

    assert list(RowsByPage(list(range(100)), build)) == [f"row {n}" for n in range(100)]
    assert [len(chunk) for chunk in build.chunks] == [40, 40, 20]


@pytest.mark.django_db
def test_a_queryset_is_counted_and_sliced_by_the_database(county, django_assert_num_queries):
    units = Unit.objects.order_by("path")
    rows = RowsByPage(units, lambda records: [unit.name for unit in records])

    with django_assert_num_queries(2):
        assert (len(rows), rows[0:2]) == (4, ["新龙县", "县财政局"])


@pytest.mark.django_db
@pytest.mark.parametrize("per_page", ["-5", "100000"])
def test_a_page_size_the_page_does_not_offer_builds_only_the_first_page(
    county, org_staff, as_user, per_page, monkeypatch
):
    """A report of RowsByPage rows asked for 100000 rows a page builds 25, and -5 is no error (was a 500)."""
    CadreFactory.create_batch(30, unit=county["township"])
    built = []
    real_getitem = RowsByPage.__getitem__
    monkeypatch.setattr(RowsByPage, "__getitem__", lambda rows, key: built.append(key) or real_getitem(rows, key))

    response = as_user(org_staff).get("/care/leave/none-taken/", {"per_page": per_page})

    assert response.status_code == 200
    assert response.context["total"] > 25
    assert {(key.start, key.stop) for key in built if isinstance(key, slice)} == {(0, 25)}
