"""A write the database refuses becomes a field error with the same message on SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError

from cadres.models import Cadre
from core.integrity import save_or_refuse
from tests.factories import CadreFactory

MESSAGES = {
    "cadres_cadre_id_number_key": {"id_number": "该身份证号已存在。"},
    "cadres_cadre.id_number": {"id_number": "该身份证号已存在。"},
}


def test_a_duplicate_that_got_past_validation_is_refused_with_the_field_message(county, own_cadre):
    # given: a second record with the same ID number, as a concurrent request would save it
    twin = CadreFactory.build(name="次仁", unit=county["organ"], id_number=own_cadre.id_number)

    # when / then
    with pytest.raises(ValidationError) as refused:
        save_or_refuse(twin, messages=MESSAGES)
    assert refused.value.message_dict == {"id_number": ["该身份证号已存在。"]}
    assert Cadre.objects.filter(id_number=own_cadre.id_number).count() == 1


def test_a_refused_constraint_without_a_message_gives_its_own_message(county):
    # the rank check constraint (1..12) has no entry in the messages
    out_of_ladder = CadreFactory.build(unit=county["organ"], rank=13)

    with pytest.raises(ValidationError) as refused:
        save_or_refuse(out_of_ladder, messages=MESSAGES)

    assert refused.value.messages == ["职级不在综合管理类职级序列内。"]
    assert Cadre.objects.count() == 0
