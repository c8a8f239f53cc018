"""Precheck and rebuild of submissions: the learner contributes answers, the release the rest."""

from __future__ import annotations

import copy
import os

import nbformat
import pytest

from autograder.pipeline.rebuild import Submission, discover, prepare, rebuild
from tests.test_lessons import release_path, source_path

SLUG = "02-liquidation"


@pytest.fixture(scope="module")
def release():
    return nbformat.read(release_path(SLUG), as_version=4)


@pytest.fixture()
def answered(release):
    """The release with every answer cell filled in from the solutions."""
    source = nbformat.read(source_path(SLUG), as_version=4)
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            answers[meta["grade_id"]] = "\n".join(
                line for line in cell.source.splitlines() if "### " not in line
            )
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def graded_index(notebook, suffix="_check"):
    return next(
        i
        for i, c in enumerate(notebook.cells)
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith(suffix)
    )


def answers_of(notebook):
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }


def test_a_clean_submission_keeps_its_answers_and_raises_no_flag(answered, release):
    rebuilt, flags = rebuild(answered, release)
    assert flags == []
    assert answers_of(rebuilt) == answers_of(answered)
    assert len(rebuilt.cells) == len(release.cells)


def test_a_deleted_test_cell_is_restored(answered, release):
    index = graded_index(answered)
    removed = answered.cells.pop(index)
    rebuilt, flags = rebuild(answered, release)
    assert "missing-cell-restored" in flags
    assert removed.source in [c.source for c in rebuilt.cells]


def test_an_edited_test_cell_is_replaced_by_the_release(answered, release):
    index = graded_index(answered)
    original = answered.cells[index].source
    answered.cells[index].source = "pass"
    rebuilt, flags = rebuild(answered, release)
    assert "tampered-test-cell" in flags
    assert rebuilt.cells[index].source == original


def test_an_edited_setup_cell_is_flagged_and_restored(answered, release):
    index = next(
        i
        for i, c in enumerate(answered.cells)
        if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("setup")
    )
    original = answered.cells[index].source
    answered.cells[index].source = "import builtins\nbuiltins.abs = lambda x: 0"
    rebuilt, flags = rebuild(answered, release)
    assert "edited-locked-cell" in flags and rebuilt.cells[index].source == original


def test_a_test_cell_turned_into_markdown_comes_back_as_code(answered, release):
    index = graded_index(answered, "_hidden")
    cell = answered.cells[index]
    answered.cells[index] = nbformat.v4.new_markdown_cell(
        cell.source, metadata=cell.metadata, id=cell.id
    )
    rebuilt, flags = rebuild(answered, release)
    assert "cell-type-changed" in flags and rebuilt.cells[index].cell_type == "code"


def test_a_duplicated_test_cell_counts_once(answered, release):
    index = graded_index(answered)
    answered.cells.insert(index, copy.deepcopy(answered.cells[index]))
    answered.cells[index]["id"] = "a-copy"
    rebuilt, flags = rebuild(answered, release)
    assert "duplicate-cell-removed" in flags
    grade_ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in rebuilt.cells]
    assert len([g for g in grade_ids if g]) == len(set(g for g in grade_ids if g))


def test_metadata_stripped_by_another_editor_is_restored_with_the_answers(answered, release):
    expected = answers_of(answered)
    for cell in answered.cells:
        cell.metadata = {}
        cell.pop("id", None)
    answered.nbformat_minor = 4
    rebuilt, flags = rebuild(answered, release)
    assert "metadata-restored" in flags
    assert answers_of(rebuilt) == expected


def test_a_learners_own_cells_stay_after_the_answer_they_follow(answered, release):
    index = next(
        i for i, c in enumerate(answered.cells) if c.metadata.get("nbgrader", {}).get("solution")
    )
    helper = nbformat.v4.new_code_cell("def helper():\n    return 1")
    answered.cells.insert(index + 1, helper)
    rebuilt, flags = rebuild(answered, release)
    assert flags == []
    assert rebuilt.cells[index + 1].source == helper.source


@pytest.mark.parametrize(
    "content, flag",
    [
        (b"", "empty-file"),
        (b"   \n", "empty-file"),
        (b'{"cells": [', "invalid-json"),
        (b'{"hello": "world"}', "not-a-notebook"),
        (b"\xff\xfe\x00garbage", "invalid-json"),
    ],
)
def test_files_that_are_not_notebooks_are_invalid_with_a_reason(tmp_path, release, content, flag):
    path = tmp_path / "student.ipynb"
    path.write_bytes(content)
    prepared = prepare(Submission("student", path), release)
    assert prepared.status == "invalid" and prepared.flags == [flag] and prepared.reason
    assert prepared.notebook is None


def test_a_link_is_refused(tmp_path, release):
    target = tmp_path / "elsewhere.ipynb"
    nbformat.write(release, target)
    os.symlink(target, tmp_path / "sneaky.ipynb")
    prepared = prepare(Submission("sneaky", tmp_path / "sneaky.ipynb"), release)
    assert prepared.status == "invalid" and prepared.flags == ["symlink"]


def test_flat_layout_keeps_odd_student_ids_exactly(tmp_path, release):
    names = ["Zoë Müller.ipynb", "o'brien (2).ipynb", "plain.ipynb", "notes.txt"]
    for name in names:
        nbformat.write(release, tmp_path / name)
    found = discover(SLUG, tmp_path)
    assert sorted(s.student_id for s in found) == sorted(
        ["Zoë Müller", "o'brien (2)", "plain", "notes.txt"]
    )


def test_nbgrader_layout_gives_one_row_per_student_even_without_a_notebook(tmp_path, release):
    for student in ("s01", "s02"):
        (tmp_path / student / SLUG).mkdir(parents=True)
    nbformat.write(release, tmp_path / "s01" / SLUG / f"{SLUG}.ipynb")
    found = discover(SLUG, tmp_path)
    assert [s.student_id for s in found] == ["s01", "s02"]
    assert prepare(found[1], release).status == "invalid"


@pytest.mark.parametrize("drop_metadata", [False, True])
def test_a_written_answer_survives_the_rebuild(drop_metadata):
    release = nbformat.read(release_path("01-leverage"), as_version=4)
    student = copy.deepcopy(release)
    (written,) = [
        c
        for c in student.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_6_leverage_explained"
    ]
    written.source = "Same PnL at any setting; 10x only locked less margin."
    if drop_metadata:
        for cell in student.cells:
            cell.metadata = {}
    notebook, flags = rebuild(student, release)
    (kept,) = [
        c
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_6_leverage_explained"
    ]
    assert kept.source == written.source and kept.cell_type == "markdown"
    assert ("metadata-restored" in flags) == drop_metadata
