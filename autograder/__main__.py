"""``python -m autograder author|release``: write solutions/ from the lesson sources, then lessons/."""

from __future__ import annotations

import argparse
import sys

from autograder.config import ASSIGNMENTS, ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder")
    commands = parser.add_subparsers(dest="command", required=True)
    release = commands.add_parser("release", help="regenerate lessons/ from solutions/")
    release.add_argument(
        "assignments",
        nargs="*",
        metavar="ASSIGNMENT",
        help=f"assignments to release (default: all of {', '.join(ASSIGNMENTS)})",
    )
    author = commands.add_parser("author", help="write solutions/ from autograder/lessons/")
    author.add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="lessons to author (default: all)"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(getattr(args, "assignments", [])) - set(ASSIGNMENTS))
    if unknown:
        parser.error(f"unknown assignment {unknown[0]!r}; choose from {', '.join(ASSIGNMENTS)}")
    if args.command == "author":
        from autograder.authoring import write_lesson
        from autograder.lessons import lesson_modules

        for module in lesson_modules(args.assignments):
            path = write_lesson(module.SLUG, module.cells())
            print(f"authored {path.relative_to(ROOT)}")
    if args.command == "release":
        from autograder.release import release as run_release

        for path in run_release(tuple(args.assignments) or ASSIGNMENTS):
            print(f"released {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
