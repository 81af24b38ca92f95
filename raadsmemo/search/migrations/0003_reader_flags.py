from django.db import migrations, models

# Who may find a document, stored on it (search/readers.py), with one partial index per reader
# class in the order a frequent word is shown, newest first: PostgreSQL walks the class's own
# index and stops after the ranked maximum instead of joining every source. As in 0002, SQLite
# takes no NULLS LAST in an index and its fallback needs none: PostgreSQL only.
READERS = ["for_public", "for_raadsleden", "for_agendacommissie", "for_griffie"]
GEHEIM = "search_document_geheim"


def _index(flag: str) -> str:
    return f"search_document_{flag}"


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for flag in READERS:
        schema_editor.execute(
            f'CREATE INDEX {_index(flag)} ON search_searchdocument ("date" DESC NULLS LAST, "id" DESC) WHERE {flag}'
        )
    # The few documents only named readers find, looked up by the named-reader check.
    schema_editor.execute(f"CREATE INDEX {GEHEIM} ON search_searchdocument (kind, object_id) WHERE is_geheim")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*map(_index, READERS), GEHEIM]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def fill_flags(apps, schema_editor):
    """The flags of the documents there are: a rebuild of the index with today's code (the rules
    live in the sources' QuerySets, which a historical model does not have). Nothing to do on a
    new database; the same as `manage.py search_index_rebuild` on an existing one. Should a later
    migration change a source's or SearchDocument's columns, this step (run on a database still
    before that migration) must become a no-op followed by that command."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    if not SearchDocument.objects.using(schema_editor.connection.alias).exists():
        return
    from raadsmemo.search.indexing import search_index_rebuild

    search_index_rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_newest_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument", name="for_public", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="searchdocument", name="for_raadsleden", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="searchdocument", name="for_agendacommissie", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="searchdocument", name="for_griffie", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="searchdocument", name="is_geheim", field=models.BooleanField(default=False)
        ),
        migrations.RunPython(add_indexes, drop_indexes, elidable=False),
        migrations.RunPython(fill_flags, migrations.RunPython.noop, elidable=False),
    ]
