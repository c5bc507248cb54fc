"""On PostgreSQL: refuse overlapping postings of one cadre with an exclusion constraint (btree_gist).

The interval of a posting is [planned_start, actual_end or planned_end]; a posting recalled before it
started (recalled, no actual end) never happened and is left out. On other databases this migration does
nothing and postings.services checks the same overlap.
"""

from django.db import migrations

CONSTRAINT = "posting_no_overlap_per_cadre"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE postings_posting ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist ("
        "cadre_id WITH =, daterange(planned_start, COALESCE(actual_end, planned_end), '[]') WITH &&"
        ") WHERE (NOT (status = 'recalled' AND actual_end IS NULL))"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE postings_posting DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("postings", "0001_initial")]

    operations = [migrations.RunPython(add_exclusion, drop_exclusion)]
