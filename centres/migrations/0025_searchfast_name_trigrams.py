"""PostgreSQL: a trigram index over the folded names of the published centres, for the typo
lookup of the search (`centres.search.typo_corrections`), which compared every centre's name
with the search words on every search (10,000 names at country size).

`centres_fold(text)` is `lower(unaccent(text))` declared IMMUTABLE (with the dictionary named,
as an index expression requires), so an index can hold it.
"""

from django.db import migrations

PREPARE_POSTGRESQL = """
CREATE OR REPLACE FUNCTION centres_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
CREATE INDEX centres_centre_pub_name_trgm ON centres_centre
    USING gin (centres_fold(name) gin_trgm_ops) WHERE status = 'published';
"""

UNPREPARE_POSTGRESQL = """
DROP INDEX IF EXISTS centres_centre_pub_name_trgm;
DROP FUNCTION IF EXISTS centres_fold(text);
"""


def on_postgresql(sql: str):
    """Run `sql` on PostgreSQL only: SQLite has no GIN index and no `unaccent`."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0024_overviewfast_covering_indexes"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql(PREPARE_POSTGRESQL), on_postgresql(UNPREPARE_POSTGRESQL)
        ),
    ]
