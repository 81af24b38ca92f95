from django.db import migrations

# "Newest first" for a frequent word (search/query.py): PostgreSQL walks this index and stops
# after a page instead of sorting every match. SQLite does not take NULLS LAST in an index, and
# its fallback needs none, so the index is PostgreSQL's only (as the GIN index in 0001).
NEWEST = 'CREATE INDEX search_document_newest ON search_searchdocument ("date" DESC NULLS LAST, "id" DESC)'
DROP_NEWEST = "DROP INDEX IF EXISTS search_document_newest"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEWEST)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NEWEST)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_index, drop_index, elidable=False)]
