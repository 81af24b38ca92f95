"""Append-only tables, enforced by the database: a published memo version and a stand-van-zaken
update are never changed or deleted, whatever path a write takes (the model's save() and delete(),
QuerySet.update(), bulk_create(update_conflicts=True), _base_manager, _raw_delete, raw SQL).

Each table gets triggers that refuse every UPDATE, and every DELETE of a row whose parent (the
memo, the LTA item) still exists: a row may only go together with its parent, which the app
never deletes either (a memo with a published version is PROTECTed; an LTA item refuses delete()).
That one exception is what lets Django's flush empty the tables in a test run, and a restore
start from an empty database. On PostgreSQL TRUNCATE (flush, restore) fires no row triggers;
on SQLite the test suite's flush deletes the parents first (tests/conftest.py).

SQLite drops a table's triggers when a migration rebuilds the table (ALTER on SQLite copies it):
a later migration that alters one of these tables must run `add_triggers` again. The tests in
tests/memos/test_versions_append_only.py fail if a trigger is missing.
"""

MESSAGE = "append-only: rows of %s are never changed or deleted"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION raadsmemo_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_exists boolean;
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_ARGV[0])
            INTO parent_exists USING (to_jsonb(OLD) ->> TG_ARGV[1])::bigint;
        IF NOT parent_exists THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'append-only: % on % refused: rows are never changed or deleted', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""


def _sql(vendor: str, table: str, parent_table: str, parent_column: str) -> list[str]:
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION raadsmemo_refuse_change('{parent_table}', '{parent_column}');""",
        ]
    if vendor == "sqlite":
        message = MESSAGE % table
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{message}'); END;""",
            f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
                WHEN EXISTS (SELECT 1 FROM {parent_table} WHERE id = OLD.{parent_column})
                BEGIN SELECT RAISE(ABORT, '{message}'); END;""",
        ]
    raise NotImplementedError(f"append-only triggers for {vendor}")


def _drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"]
    return [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]


def add_triggers(schema_editor, table: str, parent_table: str, parent_column: str) -> None:
    for statement in _sql(schema_editor.connection.vendor, table, parent_table, parent_column):
        schema_editor.execute(statement, params=None)


def drop_triggers(schema_editor, table: str) -> None:
    for statement in _drop_sql(schema_editor.connection.vendor, table):
        schema_editor.execute(statement, params=None)


def triggers_operation(table: str, parent_table: str, parent_column: str):
    """A migration operation that adds the triggers (and drops them when unapplied)."""
    from django.db import migrations

    return migrations.RunPython(
        lambda apps, schema_editor: add_triggers(schema_editor, table, parent_table, parent_column),
        lambda apps, schema_editor: drop_triggers(schema_editor, table),
        elidable=False,
    )
