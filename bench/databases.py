"""The PostgreSQL databases the benchmarks make for themselves (search, load, large archive)."""

from urllib.parse import urlparse


def recreate_database(url: str) -> None:
    """Drop the database at `url` (closing any connection still open to it) and make it anew,
    empty; through the maintenance database `postgres` on the same server."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
