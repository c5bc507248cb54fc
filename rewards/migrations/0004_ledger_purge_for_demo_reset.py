"""The ledger stays append-only, except that a demo reset (``seed_demo --replace``) may purge it whole: a
DELETE passes when the transaction has set ``rewards.ledger_purge`` to ``on`` (``rewards.demo.delete``).
An UPDATE is always refused."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION rewards_ledger_entry_check() RETURNS trigger AS $$
DECLARE
    previous_balance numeric;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('rewards.ledger_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'rewards_ledger_append_only: ledger entries are never changed or deleted'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.sequence = 1 THEN
        previous_balance := 0;
    ELSE
        SELECT balance_after INTO previous_balance FROM rewards_ledgerentry
            WHERE budget_id = NEW.budget_id AND sequence = NEW.sequence - 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'rewards_ledger_sequence_gap: entry % of budget % has no entry before it',
                NEW.sequence, NEW.budget_id USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.balance_after <> previous_balance + NEW.balance_change THEN
        RAISE EXCEPTION 'rewards_ledger_running_balance: % <> % + %',
            NEW.balance_after, previous_balance, NEW.balance_change USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("rewards", "0003_candidate_without_history")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), migrations.RunPython.noop, elidable=False)]
