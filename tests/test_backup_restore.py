"""A backup restores to the same data: a populated database through pg_dump and pg_restore,
and the uploaded photos through the archive docs/operations.md describes."""

import os
import subprocess
import tarfile

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from centres.models import Centre

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: pg_dump and pg_restore"
)
RESTORED = "stz_restore_round_trip"


def _conninfo(name: str) -> dict:
    database = connection.settings_dict
    return {
        "host": database["HOST"] or "127.0.0.1",
        "port": str(database["PORT"] or 5432),
        "user": database["USER"],
        "password": database["PASSWORD"] or "",
        "dbname": name,
    }


def _environment() -> dict:
    info = _conninfo("")
    return {
        **os.environ,
        "PGHOST": info["host"],
        "PGPORT": info["port"],
        "PGUSER": info["user"],
        "PGPASSWORD": info["password"],
    }


def _fingerprints(name: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash over all its rows, in any order."""
    with psycopg.connect(**_conninfo(name)) as database:
        result = {}
        for table in tables:
            result[table] = database.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                f"ORDER BY md5(t::text)), '')) FROM \"{table}\" t"
            ).fetchone()
        return result


@pytest.fixture
def restore_target():
    environment = _environment()
    subprocess.run(["dropdb", "--if-exists", RESTORED], env=environment, check=True)
    subprocess.run(["createdb", RESTORED], env=environment, check=True)
    yield RESTORED
    subprocess.run(["dropdb", "--if-exists", "--force", RESTORED], env=environment, check=True)


def test_a_dump_of_a_populated_database_restores_every_table(
    transactional_db, geography, tmp_path, restore_target
):
    call_command("load_demo_data", centres=12, seed=3, verbosity=0)
    assert Centre.objects.count() >= 12
    dump = tmp_path / "stadtteilzentren.dump"
    environment = _environment()
    source = connection.settings_dict["NAME"]

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), source],
        env=environment,
        check=True,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restore_target, str(dump)],
        env=environment,
        check=True,
    )

    tables = connection.introspection.table_names()
    before = _fingerprints(source, tables)
    after = _fingerprints(restore_target, tables)
    assert before == after
    assert before["centres_centre"][0] == Centre.objects.count()
    assert sum(count for count, _ in before.values()) > 500


def test_the_photo_archive_restores_every_file(tmp_path):
    media = tmp_path / "media"
    (media / "centres").mkdir(parents=True)
    (media / "centres" / "haus.jpg").write_bytes(b"\xff\xd8photo\xff\xd9")
    (media / "centres" / "hof.png").write_bytes(b"\x89PNGphoto")
    archive = tmp_path / "media.tar.gz"

    # As docs/operations.md says: tar -czf media.tar.gz -C "$MEDIA_ROOT" .
    subprocess.run(["tar", "-czf", str(archive), "-C", str(media), "."], check=True)
    restored = tmp_path / "restored"
    restored.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(restored)], check=True)

    def files(root):
        return {
            path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()
        }

    assert files(restored) == files(media)
    with tarfile.open(archive) as opened:
        assert {"./centres/haus.jpg", "./centres/hof.png"} <= set(opened.getnames())
