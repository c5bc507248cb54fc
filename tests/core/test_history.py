"""core.history: one history context names the actor and the reason of every change, outside requests too."""

from django.db.models import Value
from simple_history.models import registered_models

from accounts import policy
from cadres.models import Cadre
from core.history import (
    atomic_with_history,
    bulk_update_with_history,
    current_actor,
    history_context,
    reads_history_context,
    system_actor,
    update_with_history,
)
from tests.factories import CadreFactory


def test_a_save_inside_the_context_is_credited_to_its_actor_and_reason(org_staff, own_cadre):
    with history_context(org_staff, "核对档案"):
        own_cadre.phone = "13800000000"
        own_cadre.save()

    latest = own_cadre.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.phone) == (org_staff, "核对档案", "13800000000")


def test_an_explicit_reason_wins_and_nested_contexts_keep_the_outer_reason(org_staff, admin_user, own_cadre):
    with history_context(org_staff, "外层"):
        with history_context(admin_user):
            assert current_actor() == admin_user
            own_cadre.phone = "1"
            own_cadre.save()
        own_cadre.phone = "2"
        own_cadre._change_reason = "逐条说明"
        own_cadre.save()
    assert current_actor() is None

    first, second = own_cadre.history.order_by("history_id")[1:3]
    assert (first.history_user, first.history_change_reason) == (admin_user, "外层")
    assert (second.history_user, second.history_change_reason) == (org_staff, "逐条说明")


def test_bulk_update_records_one_row_per_object_with_the_context_actor(org_staff, county):
    cadres = CadreFactory.create_batch(3, unit=county["township"])
    for cadre in cadres:
        cadre.phone = "139"

    with history_context(org_staff, "批量更正电话"):
        bulk_update_with_history(cadres, Cadre, ["phone"])

    rows = Cadre.history.filter(id__in=[c.pk for c in cadres], history_type="~")
    assert sorted((r.id, r.history_user_id, r.history_change_reason, r.phone) for r in rows) == sorted(
        (c.pk, org_staff.pk, "批量更正电话", "139") for c in cadres
    )


def test_a_set_based_update_records_history_rows_too(org_staff, county):
    cadres = CadreFactory.create_batch(4, unit=county["township"])
    CadreFactory(unit=county["organ"], phone="")

    with history_context(org_staff, "统一号段"):
        updated = update_with_history(Cadre.objects.filter(unit=county["township"]), phone=Value("0836"))

    rows = Cadre.history.filter(history_type="~")
    assert updated == 4
    assert sorted((r.id, r.history_user_id, r.history_change_reason, r.phone) for r in rows) == [
        (c.pk, org_staff.pk, "统一号段", "0836") for c in sorted(cadres, key=lambda c: c.pk)
    ]


def test_a_service_wearing_the_decorator_runs_in_its_actors_context(org_staff, own_cadre):
    @atomic_with_history(reason="服务说明")
    def phone_change(*, actor, cadre, phone):
        cadre.phone = phone
        cadre.save()

    phone_change(actor=org_staff, cadre=own_cadre, phone="5")

    latest = own_cadre.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (org_staff, "服务说明")


def test_the_system_actor_is_named_cannot_log_in_and_reaches_nothing(db):
    actor = system_actor()

    assert (actor.username, actor.full_name, actor.is_active, actor.has_usable_password()) == (
        "system",
        "系统（定时任务）",
        False,
        False,
    )
    assert system_actor().pk == actor.pk
    assert policy.scope(actor).is_empty


def test_every_model_with_history_reads_the_history_context():
    models = [model for model in registered_models.values() if model._meta.app_label != "simple_history"]

    assert models
    assert [m._meta.label for m in models if not reads_history_context(m)] == []
