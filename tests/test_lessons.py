"""The authoring and release pipeline, and every lesson graded by real nbgrader.

* the set of lessons (autograder.config.ASSIGNMENTS) has exactly one source, one source
  notebook and one release each: none missing, none extra, none stale;
* solutions/ equal a fresh build from autograder/lessons, and lessons/ a fresh release;
* lessons/ hold no solution code, no hidden tests and no delimiters;
* every solution notebook runs and earns full marks from `nbgrader autograde`;
* every untouched lesson earns zero without crashing the grader.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import SOURCES, build
from autograder.config import ASSIGNMENTS, ROOT, course_config
from autograder.release import release

SLUGS = list(ASSIGNMENTS)
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def source_path(slug: str) -> Path:
    return ROOT / "solutions" / slug / f"{slug}.ipynb"


def release_path(slug: str) -> Path:
    return ROOT / "lessons" / slug / f"{slug}.ipynb"


def test_the_lessons_are_numbered_in_course_order():
    assert len(SLUGS) >= 6
    assert [int(slug[:2]) for slug in SLUGS] == list(range(len(SLUGS)))


def _names(folder: Path, pattern: str) -> set[str]:
    return {path.name for path in folder.glob(pattern)}


def test_every_lesson_has_one_source_and_no_source_is_extra():
    sources = {path.stem for path in (ROOT / SOURCES).iterdir() if path.name != "README.md"}
    assert sources == set(SLUGS), "autograder/lessons must hold <slug>.md for each lesson, only"
    assert all((ROOT / SOURCES / f"{slug}.md").is_file() for slug in SLUGS)


def test_every_lesson_has_one_source_notebook_and_one_release_and_nothing_extra():
    for folder in ("solutions", "lessons"):
        assert _names(ROOT / folder, "*") == set(SLUGS), f"{folder}/ must hold the lessons only"
        for slug in SLUGS:
            assert _names(ROOT / folder / slug, "*") == {f"{slug}.ipynb"}, f"{folder}/{slug}"


def test_no_lesson_source_sits_in_solutions():
    # nbgrader copies every file of solutions/<lesson>/ into the release
    assert not list((ROOT / "solutions").rglob("*.md"))


@pytest.mark.parametrize("slug", SLUGS)
def test_solutions_equal_a_fresh_build_of_their_source(slug):
    fresh = nbformat.writes(build(slug))
    committed = nbformat.writes(nbformat.read(source_path(slug), as_version=4))
    assert committed == fresh, "run `make lessons` and commit solutions/ and lessons/"


def test_two_builds_give_the_same_bytes():
    assert all(nbformat.writes(build(slug)) == nbformat.writes(build(slug)) for slug in SLUGS)


def test_release_refuses_a_lesson_without_its_source_notebook(tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    shutil.rmtree(tmp_path / "solutions" / SLUGS[-1])
    with pytest.raises(FileNotFoundError, match=SLUGS[-1]):
        release((SLUGS[-1],), root=tmp_path)


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Release a copy of solutions/ in a scratch root, exactly as `make lessons` does."""
    root = tmp_path_factory.mktemp("release")
    shutil.copytree(ROOT / "solutions", root / "solutions")
    release(tuple(SLUGS), root=root)
    return root


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_lessons_equal_a_fresh_release(slug, fresh_release):
    fresh = (fresh_release / "lessons" / slug / f"{slug}.ipynb").read_bytes()
    assert release_path(slug).read_bytes() == fresh, "run `make lessons` and commit lessons/"


def test_release_is_byte_identical_from_run_to_run(fresh_release, tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    release(tuple(SLUGS), root=tmp_path)
    for slug in SLUGS:
        again = (tmp_path / "lessons" / slug / f"{slug}.ipynb").read_bytes()
        assert again == (fresh_release / "lessons" / slug / f"{slug}.ipynb").read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_released_lessons_hold_no_solutions_or_hidden_tests(slug):
    released = nbformat.read(release_path(slug), as_version=4)
    text = release_path(slug).read_text()
    for marker in DELIMITERS:
        assert marker not in text
    assert "grade(" not in text  # hidden-test calls are stripped
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in released.cells}
    source = nbformat.read(source_path(slug), as_version=4)
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            solution = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            released_lines = {line.strip() for line in by_id[meta["grade_id"]].source.splitlines()}
            for line in (line.strip() for line in solution.splitlines()):
                if sum(ch.isalnum() for ch in line) >= 3:  # skip bare brackets and the like
                    assert line not in released_lines, f"{meta['grade_id']}: {line}"
    assert all(not c.get("outputs") for c in released.cells if c.cell_type == "code")


@pytest.mark.parametrize("slug", SLUGS)
def test_grade_ids_follow_the_style_guide(slug):
    import re

    pattern = re.compile(r"(setup_\d\d|q\d+_\d+_[a-z][a-z0-9]*(_[a-z0-9]+){0,2}(_check|_hidden)?)")
    source = nbformat.read(source_path(slug), as_version=4)
    for cell in source.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            assert pattern.fullmatch(grade_id), grade_id


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Autograde, with real nbgrader, each solution and each untouched lesson as a student."""
    from nbgrader.apps import NbGraderAPI

    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", root / "solutions")
    shutil.copytree(ROOT / "lessons", root / "lessons")
    (root / "autograder").mkdir()
    api = NbGraderAPI(config=course_config(root))
    api.log.setLevel(logging.ERROR)
    scores = {}
    for slug in SLUGS:
        assert api.generate_assignment(slug, force=True)["success"]
        for student, notebook in (
            ("solution", source_path(slug)),
            ("untouched", release_path(slug)),
        ):
            target = root / "autograder" / "submitted" / student / slug
            target.mkdir(parents=True)
            shutil.copy(notebook, target / f"{slug}.ipynb")
            result = api.autograde(slug, student, force=True)
            assert result["success"], result.get("log")
    from nbgrader.api import Gradebook

    with Gradebook(course_config(root).CourseDirectory.db_url) as gradebook:
        for slug in SLUGS:
            for student in ("solution", "untouched"):
                submission = gradebook.find_submission(slug, student)
                auto = [g for g in submission.notebooks[0].grades if g.auto_score is not None]
                scores[slug, student] = (
                    sum(g.auto_score for g in auto),
                    sum(g.max_score for g in auto),
                )
    return scores


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_solution_scores_full_marks(slug, graded):
    score, max_score = graded[slug, "solution"]
    assert max_score >= 6 and score == max_score


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_untouched_lesson_scores_zero(slug, graded):
    score, max_score = graded[slug, "untouched"]
    assert score == 0 and max_score >= 6


def test_every_registered_question_is_a_code_exercise_of_its_lesson():
    from autograder.authoring import exercises
    from course.hints import QUESTIONS, question

    question("q0_1_notional")  # the first lookup loads the whole registry
    code_exercises = {e.grade_id for slug in SLUGS for e in exercises(slug) if not e.written}
    assert set(QUESTIONS) == code_exercises


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_an_untouched_lesson_runs_to_the_end_and_only_its_answer_cells_raise(slug, tmp_path):
    """Run All as a learner would (no grader): nbclient stops at errors unless tagged."""
    from nbclient import NotebookClient

    from autograder.limits import SlicedKernelManager  # no stall on a burst of widget messages

    notebook = nbformat.read(release_path(slug), as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        kernel_manager_class=SlicedKernelManager,
        resources={"metadata": {"path": str(release_path(slug).parent)}},
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "Run All stopped early"
    for cell in code:
        errors = [o.ename for o in cell.outputs if o.output_type == "error"]
        if cell.metadata.get("nbgrader", {}).get("solution"):
            assert errors in ([], ["NotImplementedError"])
        else:
            assert errors == [], cell.id
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_check"):
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert text.strip().endswith("with your answer.") and "not answered yet" in text


@pytest.mark.slow
def test_validate_reports_every_unanswered_check(tmp_path):
    """nbgrader's Validate button on an untouched lesson lists each check as failing."""
    from nbgrader.validator import Validator

    slug = SLUGS[0]
    shutil.copy(release_path(slug), tmp_path / f"{slug}.ipynb")
    results = Validator(config=course_config(tmp_path)).validate(str(tmp_path / f"{slug}.ipynb"))
    failed = " ".join(cell["source"] for cell in results.get("failed", []))
    checks = [
        c.metadata["nbgrader"]["grade_id"]
        for c in nbformat.read(release_path(slug), as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_check")
    ]
    assert checks and all(f'check("{grade_id[: -len("_check")]}")' in failed for grade_id in checks)


@pytest.mark.slow
def test_a_wrong_answer_shows_its_hint_in_one_line_without_a_traceback():
    from nbclient import NotebookClient

    from autograder.limits import SlicedKernelManager

    slug = SLUGS[0]
    notebook = nbformat.read(release_path(slug), as_version=4)
    answer = next(c for c in notebook.cells if c.get("id") == "q0-1-notional")
    answer.source = "position_value = 64_000  # the price, not the notional"
    check_cell = next(c for c in notebook.cells if c.get("id") == "q0-1-notional-check")
    index = notebook.cells.index(check_cell)
    notebook.cells = notebook.cells[: index + 1]
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        kernel_manager_class=SlicedKernelManager,
    ).execute()
    (error,) = [o for o in check_cell.outputs if o.output_type == "error"]
    assert error.ename == "WrongAnswer"
    assert len(error.traceback) == 1 and "Exercise 0.1" in error.traceback[0]
    assert "Not quite" in error.traceback[0] and "16,000" not in error.traceback[0]
