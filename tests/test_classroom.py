"""A whole class on one machine, through nbgrader's filesystem exchange (issue 6).

Slow, end to end (about 45 s on 2 cores), all in temporary folders, with real nbgrader run as
its command line (``python -m nbgrader ...``), one process per step as people would run it:

1. the instructor releases lesson 01 (five autograded exercises and one written answer);
2. three students, each with their own HOME and ``nbgrader_config.py``, fetch it; alice answers
   everything (code and the written answer), bob answers one exercise right and one wrong,
   carol changes nothing; all three submit;
3. the instructor collects, then grades with ``python -m autograder grade ... --course``;
4. the instructor grades alice's written answer by hand (what the Formgrader's Manual Grading
   page stores) and regenerates the feedback, then releases it;
5. each student fetches their feedback.

Multi-user caveats seen here (all "students" are one OS account, the one running the tests):

* nbgrader names a submission after the OS account (``pwd``), not ``$USER``: without
  ``--student`` all three would submit as that account and overwrite each other. So the test
  passes ``--student NAME``, which on a real server lets anyone submit as anyone (there is no
  authentication in the filesystem exchange).
* ``collect`` warns that each submission "claims to be submitted by alice but is owned by
  root; cheating attempt?" (``CollectApp.check_owner``). With one account per student that
  warning is the sign of a forged ``--student``; here it is expected.
* The exchange's permissions cannot be exercised with one account (its owner, and root,
  pass every check). The test checks the modes nbgrader gives its folders instead: inbound
  is write-only for others, outbound readable, feedback reachable only by its hashed name.
* ``fetch_feedback`` finds feedback through the student's own cache
  (``$JUPYTER_DATA_DIR/nbgrader_cache``, written by ``submit``), so each student needs their
  own HOME, or one student would fetch everyone's feedback.

The driver keeps each submission's ``submission_secret.txt`` beside the notebook it grades,
so ``nbgrader release_feedback`` finds it in the course's feedback folder.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder.config import COURSE_ID, ROOT
from autograder.solution_answers import solution_answers

pytestmark = pytest.mark.slow

LESSON = "01-leverage"
WRITTEN = "q1_6_leverage_explained"
STUDENTS = ("alice", "bob", "carol")
BOB_WRONG = {
    # the leverage setting taken for the account's leverage (the right value is 1.6x)
    "q1_1_effective_leverage": "position_value = 3_200.0\nlocked_margin = 320.0\n"
    "account_leverage = 10.0",
}
SCORE = re.compile(r"\(Score: ([0-9.]+) / ([0-9.]+)\)")
BIN = Path(sys.executable).parent


def answer(path: Path, answers: dict[str, str]) -> None:
    """Type ``answers`` into the fetched notebook at ``path``, as the student would."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(notebook, path)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without Jupyter's folder overrides, this venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    env.update(extra)
    return env


def student_environment(home: Path, name: str) -> dict[str, str]:
    """What a student's own login would have: their HOME and name, nothing of the grader's."""
    return {
        "PATH": f"{BIN}{os.pathsep}/usr/bin:/bin",
        "HOME": str(home),
        "USER": name,
        "LOGNAME": name,
        "LANG": "C.UTF-8",
    }


def run(commands: list[tuple[list[str], Path, dict[str, str]]]) -> list[str]:
    """Run (argv, cwd, env) commands side by side; fail with the log of any that fails."""
    processes = [
        subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for argv, cwd, env in commands
    ]
    logs = []
    for (argv, _, _), process in zip(commands, processes, strict=True):
        log, _ = process.communicate(timeout=600)
        assert process.returncode == 0, f"{' '.join(argv[2:])} failed:\n{log[-3000:]}"
        logs.append(log)
    return logs


NBGRADER = [sys.executable, "-m", "nbgrader"]


@dataclass
class Classroom:
    course: Path
    exchange: Path
    homes: dict[str, Path]
    out: Path
    collect_log: str
    submitted_before: dict[str, str]
    submitted_after: dict[str, str]
    lessons_changed: bool  # did grading rewrite the course's release (lessons/)?
    rows: dict[str, dict[str, str]]
    driver_feedback: dict[str, bytes]  # course feedback/ right after grading
    secret_missing: list[str]  # students whose feedback/ lacked submission_secret.txt
    final_feedback: dict[str, bytes] = field(default_factory=dict)  # after manual grading
    fetched: dict[str, list[Path]] = field(default_factory=dict)

    def feedback(self, student: str) -> Path:
        return feedback_path(self.course, student)


def feedback_path(course: Path, student: str) -> Path:
    return course / "autograder" / "feedback" / student / LESSON / f"{LESSON}.html"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Classroom:
    from nbgrader.api import Gradebook

    root = tmp_path_factory.mktemp("classroom")
    course, exchange, out = root / "course", root / "exchange", root / "graded"
    for folder in ("solutions", "lessons"):
        shutil.copytree(ROOT / folder / LESSON, course / folder / LESSON)
    (course / "autograder").mkdir()
    exchange.mkdir()
    os.chmod(exchange, 0o1777)  # world-writable with the sticky bit, like /tmp
    (course / "nbgrader_config.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from autograder.config import apply\n"
        "c = get_config()  # noqa: F821\n"
        f"apply(c, Path({str(course)!r}))\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
    )
    instructor_home = root / "instructor"
    instructor_home.mkdir()
    instructor = clean_environment(HOME=str(instructor_home))
    homes = {}
    for name in STUDENTS:
        homes[name] = root / "home" / name
        (homes[name] / ".jupyter").mkdir(parents=True)
        (homes[name] / ".jupyter" / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
            f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        )

    def students(*args: str, student_flag: bool = False):
        return [
            (
                [*NBGRADER, *args, *(["--student", name] if student_flag else [])],
                homes[name],
                student_environment(homes[name], name),
            )
            for name in STUDENTS
        ]

    run([([*NBGRADER, "release_assignment", LESSON], course, instructor)])
    run(students("fetch_assignment", LESSON))
    solutions = solution_answers(LESSON)
    answer(homes["alice"] / LESSON / f"{LESSON}.ipynb", solutions)
    bob = {"q1_2_account_return": solutions["q1_2_account_return"], **BOB_WRONG}
    answer(homes["bob"] / LESSON / f"{LESSON}.ipynb", bob)
    run(students("submit", LESSON, student_flag=True))
    (collect_log,) = run([([*NBGRADER, "collect", LESSON], course, instructor)])

    submitted = course / "autograder" / "submitted"
    before = digest(submitted)
    lessons_before = digest(course / "lessons")
    grade = [sys.executable, "-m", "autograder", "grade", LESSON, str(submitted)]
    grade += ["--out", str(out), "--course", str(course), "--workers", "2", "--timeout", "30"]
    run([(grade, course, instructor)])
    after = digest(submitted)
    lessons_after = digest(course / "lessons")
    with (out / "grades.csv").open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    room = Classroom(
        course=course,
        exchange=exchange,
        homes=homes,
        out=out,
        collect_log=collect_log,
        submitted_before=before,
        submitted_after=after,
        lessons_changed=lessons_after != lessons_before,
        rows=rows,
        driver_feedback={
            name: feedback_path(course, name).read_bytes()
            for name in STUDENTS
            if feedback_path(course, name).exists()
        },
        secret_missing=[],
    )

    # The Formgrader's Manual Grading page stores a manual score on the written answer's grade.
    db_url = f"sqlite:///{course / 'autograder' / 'gradebook.db'}"
    with Gradebook(db_url) as gradebook:
        gradebook.find_grade(WRITTEN, LESSON, LESSON, "alice").manual_score = 2.0
        gradebook.db.commit()
    feedback_env = {**instructor, "JUPYTER_PATH": str(ROOT / "autograder" / "jupyter")}
    run([([*NBGRADER, "generate_feedback", LESSON, "--force"], course, feedback_env)])
    for name in STUDENTS:  # release_feedback names each file after this secret
        if not room.feedback(name).with_name("submission_secret.txt").exists():
            room.secret_missing.append(name)
    room.final_feedback = {name: room.feedback(name).read_bytes() for name in STUDENTS}
    run([([*NBGRADER, "release_feedback", LESSON], course, instructor)])
    run(students("fetch_feedback", LESSON, student_flag=True))
    room.fetched = {
        name: sorted((homes[name] / LESSON / "feedback").glob("*/*.html")) for name in STUDENTS
    }
    return room


def header_score(html: bytes) -> tuple[float, float]:
    found = SCORE.search(html.decode())
    assert found, "no score in the feedback header"
    return float(found.group(1)), float(found.group(2))


def test_exchange_folders_have_the_modes_the_readme_describes(classroom):
    course = classroom.exchange / COURSE_ID
    modes = {
        part: stat.S_IMODE((course / part).stat().st_mode)
        for part in ("inbound", "outbound", "feedback")
    }
    assert modes["inbound"] & 0o007 == 0o003  # others may write and enter, never list
    assert modes["outbound"] & 0o007 == 0o005  # others may read the released lesson
    assert modes["feedback"] & 0o007 == 0o001  # others reach a file only by its hashed name


def test_students_are_told_apart_only_by_the_student_flag(classroom):
    account = pwd.getpwuid(os.getuid()).pw_name
    for name in STUDENTS:
        assert f"claims to be submitted by {name} but is owned by {account}" in (
            classroom.collect_log
        )
    submitted = classroom.course / "autograder" / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(STUDENTS)


def test_grades_csv_has_each_students_status_and_score(classroom):
    # alice: 15 autograded points, and her written answer (2 points) waits for a person;
    # bob and carol left the written answer untouched, which nbgrader scores 0 by itself.
    expected = {
        "alice": ("15", "17", "needs_review", ""),
        "bob": ("3", "17", "ok", ""),
        "carol": ("0", "17", "ok", ""),
    }
    found = {
        name: (row["score"], row["max_score"], row["status"], row["flags"])
        for name, row in classroom.rows.items()
    }
    assert found == expected
    for name in STUDENTS:
        assert (classroom.out / "results" / f"{name}.json").is_file()


def test_grading_leaves_submitted_byte_identical(classroom):
    assert len(classroom.submitted_before) == 3 * len(STUDENTS)  # notebook, timestamp, secret
    assert classroom.submitted_after == classroom.submitted_before


def test_grading_leaves_the_release_alone(classroom):
    assert not classroom.lessons_changed


def test_driver_writes_feedback_into_the_course_and_out(classroom):
    assert set(classroom.driver_feedback) == set(STUDENTS)
    for name, html in classroom.driver_feedback.items():
        assert (classroom.out / "feedback" / f"{name}.html").read_bytes() == html
        row = classroom.rows[name]
        assert header_score(html) == (float(row["score"]), float(row["max_score"]))


def test_each_student_fetches_only_their_own_feedback(classroom):
    expected = {"alice": (17.0, 17.0), "bob": (3.0, 17.0), "carol": (0.0, 17.0)}
    for name in STUDENTS:
        assert len(classroom.fetched[name]) == 1, classroom.fetched[name]
        html = classroom.fetched[name][0].read_bytes()
        assert html == classroom.final_feedback[name]
        assert header_score(html) == expected[name]  # alice's includes the manual grade
    assert len({classroom.fetched[name][0].read_bytes() for name in STUDENTS}) == len(STUDENTS)


def test_feedback_stays_offline(classroom):
    for name in STUDENTS:
        html = classroom.fetched[name][0].read_text()
        assert "cdnjs.cloudflare.com" not in html and '<script src="http' not in html


def test_gradebook_holds_the_manual_grade(classroom):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{classroom.course / 'autograder' / 'gradebook.db'}") as gradebook:
        scores = {name: gradebook.find_submission(LESSON, name).score for name in STUDENTS}
    assert scores == {"alice": 17.0, "bob": 3.0, "carol": 0.0}


def test_written_answer_reaches_the_grader(classroom):
    graded = nbformat.read(
        classroom.course / "autograder" / "autograded" / "alice" / LESSON / f"{LESSON}.ipynb", 4
    )
    cell = next(
        c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN
    )
    assert cell.source == solution_answers(LESSON)[WRITTEN]
    assert classroom.rows["alice"]["status"] == "needs_review"
    assert "tampered-test-cell" not in classroom.rows["alice"]["flags"]


def test_feedback_folder_keeps_the_secret(classroom):
    assert classroom.secret_missing == []


def test_released_feedback_is_named_after_each_students_secret(classroom):
    """Only the student whose cache holds the secret can name (and fetch) their feedback."""
    import glob

    from nbgrader.utils import notebook_hash

    cache = "{home}/.local/share/jupyter/nbgrader_cache/" + COURSE_ID + "/*/submission_secret.txt"
    for name in STUDENTS:
        (secret,) = glob.glob(cache.format(home=classroom.homes[name]))
        name_hash = notebook_hash(secret=Path(secret).read_text(), notebook_id=LESSON)
        released = classroom.exchange / COURSE_ID / "feedback" / f"{name_hash}.html"
        assert released.read_bytes() == classroom.final_feedback[name]
