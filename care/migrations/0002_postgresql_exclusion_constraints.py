"""On PostgreSQL only: exclusion constraints (btree_gist) against overlapping periods.

- a flat's tenancies never overlap, and a cadre's tenancies never overlap ([start, end), open end = current);
- a cadre's leave periods never overlap ([start, end], both days included).

SQLite has no exclusion constraints: there the partial unique indexes of 0001 keep one current tenant per
flat and per cadre, and the services refuse overlapping periods.
"""

from django.db import migrations

CONSTRAINTS = (
    (
        "care_tenancy",
        "care_tenancy_flat_no_overlap",
        "EXCLUDE USING gist (flat_id WITH =, daterange(start_date, end_date, '[)') WITH &&)",
    ),
    (
        "care_tenancy",
        "care_tenancy_cadre_no_overlap",
        "EXCLUDE USING gist (cadre_id WITH =, daterange(start_date, end_date, '[)') WITH &&)",
    ),
    (
        "care_leaverecord",
        "care_leave_no_overlap",
        "EXCLUDE USING gist (cadre_id WITH =, daterange(start_date, end_date, '[]') WITH &&)",
    ),
)


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def drop_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(add_exclusion_constraints, drop_exclusion_constraints)]
