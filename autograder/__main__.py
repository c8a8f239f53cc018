"""``python -m autograder author|release|grade``: author and release the lessons; grade a class."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from autograder.config import ASSIGNMENTS, ROOT


def main(argv: list[str] | None = None) -> int:
    """
    Run one command: ``author``, ``release`` or ``grade``.

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
    args = parser.parse_args(argv)
    if args.command == "grade":
        return _grade(args, parser)
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
