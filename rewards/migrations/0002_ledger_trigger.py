"""On PostgreSQL, the ledger checks itself: each entry's running balance is the previous entry's plus its own
change, numbers follow each other without gaps, and entries are never changed or deleted (append-only).

Together with the check constraint ``ledger_entry_no_overdraft`` and the unique ``(budget, sequence)``, the
database refuses an overdraft however the row is written. Errors carry SQLSTATE 23514 (check_violation), so
Django raises IntegrityError. SQLite (the embedded default) relies on the constraints and the services.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION rewards_ledger_entry_check() RETURNS trigger AS $$
DECLARE
    previous_balance numeric;
BEGIN
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
CREATE TRIGGER rewards_ledger_entry_check BEFORE INSERT OR UPDATE OR DELETE ON rewards_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION rewards_ledger_entry_check();
"""

DROP = """
DROP TRIGGER IF EXISTS rewards_ledger_entry_check ON rewards_ledgerentry;
DROP FUNCTION IF EXISTS rewards_ledger_entry_check();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
