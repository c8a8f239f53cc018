"""The driver's ``--db-url`` with a real PostgreSQL gradebook (issue 6).

A throwaway PostgreSQL cluster is created in a private temporary folder and listens on a unix
socket only (no TCP port). Four submissions of lesson 00 are graded into it with
``python -m autograder grade ... --db-url postgresql+psycopg2://...``, and the grades are read
back with nbgrader's own ``Gradebook``. PostgreSQL refuses to run as root, so as root the server
runs as the ``postgres`` account (or ``nobody``); its folder is private to that account, so the
sandboxed kernels cannot reach the socket. Skipped only when PostgreSQL's server programs are
not installed (Debian: ``apt-get install postgresql``). About 15 s on 2 cores.

The URL names the driver: with SQLAlchemy 2.1 a bare ``postgresql://`` means psycopg 3, while
the dev extra installs psycopg2 (``psycopg2-binary``).
"""

from __future__ import annotations

import csv
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from autograder.config import ROOT
from autograder.solution_answers import solution_answers
from tests.test_classroom import answer, clean_environment

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
PROGRAMS = ("initdb", "pg_ctl", "postgres")
PORT = 5432  # only names the socket file, in a folder of our own


def server_programs() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: on PATH, or Debian's versioned one."""
    folders = []
    if shutil.which("initdb"):
        folders.append(Path(os.path.realpath(shutil.which("initdb"))).parent)

    def version(folder: Path) -> int:
        found = re.search(r"/(\d+)/bin$", str(folder))
        return int(found.group(1)) if found else 0

    folders += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for folder in folders:
        if all(os.access(folder / name, os.X_OK) for name in PROGRAMS):
            return folder
    return None


def server_account() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root; None to run it as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    pytest.fail("running as root, but there is neither a postgres nor a nobody account")


@pytest.fixture(scope="module")
def postgres():
    """A running throwaway cluster; yields the gradebook's URL; stops and removes it after."""
    programs = server_programs()
    if programs is None:
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed")
    import psycopg2  # the dev extra's driver: missing it is an error, not a skip

    account = server_account()
    folder = Path(tempfile.mkdtemp(prefix="mm-postgres-"))  # mode 700
    as_server = {}
    if account is not None:
        os.chown(folder, *account)
        as_server = {"user": account[0], "group": account[1], "extra_groups": []}
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"}

    def server(*argv: str) -> None:
        result = subprocess.run(
            [str(programs / argv[0]), *argv[1:]],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            **as_server,
        )
        log = folder / "server.log"
        tail = log.read_text()[-2000:] if log.exists() else ""
        assert result.returncode == 0, f"{argv[0]} failed:\n{result.stderr[-2000:]}\n{tail}"

    data = folder / "data"
    options = f"-c listen_addresses='' -c unix_socket_directories={folder} -p {PORT} -c fsync=off"
    try:
        server("initdb", "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8", "--no-sync")
        server(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )
        connection = psycopg2.connect(host=str(folder), port=PORT, user="grader", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE gradebook")
        connection.close()
        yield f"postgresql+psycopg2://grader@/gradebook?host={folder}&port={PORT}"
    finally:
        if (data / "postmaster.pid").exists():
            server("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def graded(postgres, tmp_path_factory):
    """Four submissions graded into the PostgreSQL gradebook: (db_url, out, rows)."""
    folder = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("graded")
    release = ROOT / "lessons" / LESSON / f"{LESSON}.ipynb"
    solutions = solution_answers(LESSON)
    for name, answers in {
        "alice": solutions,
        "bob": {"q0_1_notional": solutions["q0_1_notional"]},
        "carol": {},
    }.items():
        shutil.copy(release, folder / f"{name}.ipynb")
        answer(folder / f"{name}.ipynb", answers)
    (folder / "dave.ipynb").write_text("")  # not a notebook
    command = [sys.executable, "-m", "autograder", "grade", LESSON, str(folder)]
    command += ["--out", str(out), "--db-url", postgres, "--workers", "2", "--timeout", "30"]
    result = subprocess.run(
        command, env=clean_environment(), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with (out / "grades.csv").open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    return postgres, out, rows


def test_grades_csv_from_a_postgresql_gradebook(graded):
    _, _, rows = graded
    found = {name: (row["score"], row["max_score"], row["status"]) for name, row in rows.items()}
    assert found == {
        "alice": ("6", "6", "ok"),
        "bob": ("3", "6", "ok"),
        "carol": ("0", "6", "ok"),
        "dave": ("", "", "invalid"),
    }


def test_grades_are_in_postgresql_not_in_a_sqlite_file(graded):
    from nbgrader.api import Gradebook

    db_url, out, rows = graded
    with Gradebook(db_url) as gradebook:
        assert gradebook.engine.dialect.name == "postgresql"
        assert sorted(student.id for student in gradebook.students) == ["alice", "bob", "carol"]
        for name in ("alice", "bob", "carol"):
            submission = gradebook.find_submission(LESSON, name)
            assert submission.score == float(rows[name]["score"])
            assert submission.max_score == 6.0
    assert not list(out.rglob("*.db"))


def test_feedback_written_for_every_graded_student(graded):
    _, out, _ = graded
    assert sorted(p.stem for p in (out / "feedback").glob("*.html")) == ["alice", "bob", "carol"]
    graded_notebook = out / ".work" / "course" / "autograder" / "autograded" / "alice"
    assert nbformat.read(graded_notebook / LESSON / f"{LESSON}.ipynb", as_version=4).cells
