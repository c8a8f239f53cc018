"""``python -m autograder author|release|grade|report``: build the lessons; grade and report a class."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

from autograder.config import ASSIGNMENTS, ROOT


def main(argv: list[str] | None = None) -> int:
    """
    Run one command: ``author``, ``release``, ``grade`` or ``report``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``python -m autograder``; by default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status, 0 on success (argparse exits 2 on bad arguments).
    """
    parser = argparse.ArgumentParser(prog="python -m autograder")
    commands = parser.add_subparsers(dest="command", required=True)
    release = commands.add_parser("release", help="regenerate lessons/ from solutions/")
    release.add_argument(
        "assignments",
        nargs="*",
        metavar="ASSIGNMENT",
        help=f"assignments to release (default: all of {', '.join(ASSIGNMENTS)})",
    )
    author = commands.add_parser(
        "author", help="build solutions/ from the lesson sources in autograder/lessons/"
    )
    author.add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="lessons to author (default: all)"
    )
    grade = commands.add_parser("grade", help="autograde a folder of submissions")
    grade.add_argument("assignment", metavar="ASSIGNMENT", choices=ASSIGNMENTS)
    grade.add_argument(
        "submissions",
        metavar="SUBMISSIONS",
        type=Path,
        help="nbgrader layout (<student>/<assignment>/*.ipynb) or flat (<student>.ipynb)",
    )
    grade.add_argument(
        "--out", required=True, type=Path, help="folder for grades.csv, results/, feedback/"
    )
    grade.add_argument(
        "--workers", type=int, default=2, help="worker processes (at most the cores)"
    )
    grade.add_argument(
        "--timeout", type=float, default=30, help="seconds per cell before a timeout"
    )
    grade.add_argument(
        "--course",
        type=Path,
        help="grade into this nbgrader course folder (its gradebook, autograded/, feedback/)",
    )
    grade.add_argument(
        "--db-url",
        help="gradebook URL, e.g. postgresql+psycopg2://grader@host/course (default: sqlite)",
    )
    _add_report(commands)
    args = parser.parse_args(argv)
    if args.command == "grade":
        return _grade(args, parser)
    if args.command == "report":
        return _report(args, parser)
    unknown = sorted(set(getattr(args, "assignments", [])) - set(ASSIGNMENTS))
    if unknown:
        parser.error(f"unknown assignment {unknown[0]!r}; choose from {', '.join(ASSIGNMENTS)}")
    if args.command == "author":
        from autograder.authoring import LessonSourceError, write_lesson

        for slug in args.assignments or ASSIGNMENTS:
            try:
                path = write_lesson(slug)
            except LessonSourceError as error:
                parser.exit(2, f"python -m autograder author: {error}\n")
            print(f"authored {path.relative_to(ROOT)}")
    if args.command == "release":
        from autograder.release import release as run_release

        for path in run_release(tuple(args.assignments) or ASSIGNMENTS):
            print(f"released {path.relative_to(ROOT)}")
    return 0


# The misconception inventory's two lessons, as course.feedback.inventory names them (a test
# says so); spelled here so that building the parser imports no course module.
PRE_TEST, POST_TEST = "00-start-here", "10-case-studies"


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="the misconception inventory's class table, before and after",
        description=f"Score the misconception inventory in the class's notebooks, read and "
        f"never run: {PRE_TEST}'s pre-test and {POST_TEST}'s post-test. Prints, per "
        "misconception, how many students held it before and after (of those who answered "
        "an item on it) and how many students there are.",
    )
    report.add_argument(
        "assignment",
        metavar="ASSIGNMENT",
        choices=[PRE_TEST, POST_TEST],
        help=f"{POST_TEST}: pair its post-test with {PRE_TEST}'s pre-test; "
        f"{PRE_TEST}: the pre-test alone",
    )
    report.add_argument(
        "--course", type=Path, default=ROOT, help="the course folder (default: this repo)"
    )
    report.add_argument(
        "--from",
        dest="folder",
        choices=["submitted", "autograded"],
        default="submitted",
        help="read autograder/<FROM>/<student>/<assignment>/ (default: submitted, the notebooks "
        "as saved; `grade` rebuilds its copies from the release, inventory cells blank)",
    )
    report.add_argument(
        "--csv", type=Path, metavar="FILE", help="also write the table as CSV (- for stdout)"
    )


def _report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from autograder.report import as_csv, print_table, rows_for

    try:
        rows = rows_for(args.course, args.assignment, args.folder)
    except ValueError as error:
        parser.exit(2, f"python -m autograder report: {error}\n")
    if args.csv is not None and str(args.csv) == "-":
        sys.stdout.write(as_csv(rows))
        return 0
    print_table(rows, args.assignment)
    if args.csv is not None:
        args.csv.write_text(as_csv(rows), encoding="utf-8")
        print(f"wrote {args.csv}")
    return 0


def _grade(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        return _run_grade(args, parser)
    except RuntimeError as error:  # set-up problems (sandbox, course) come as one sentence
        parser.exit(2, f"python -m autograder grade: {error}\n")


def _run_grade(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from autograder.driver import grade, print_progress

    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS must be a folder; got {args.submissions}")
    if args.course is not None and not (args.course / "solutions" / args.assignment).is_dir():
        parser.error(f"--course must hold solutions/{args.assignment}/; got {args.course}")
    if args.workers < 1 or args.timeout <= 0:
        parser.error("--workers must be >= 1 and --timeout > 0")
    run = partial(
        grade,
        args.assignment,
        args.submissions,
        args.out,
        workers=args.workers,
        timeout=args.timeout,
        course_root=args.course,
        db_url=args.db_url,
    )
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=False) as bar:
            task = bar.add_task("grading", total=None)

            def show(row, done, total):
                bar.update(
                    task, completed=done, total=total, description=f"{row.student_id}: {row.status}"
                )

            rows = run(progress=show)
    else:
        rows = run(progress=print_progress)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"graded {len(rows)} submissions: {summary}; see {args.out / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
