"""``python -m dlcourse.grading autograde <chapter>``: grade every submission, lose none."""

import argparse
from pathlib import Path

from dlcourse.grading.autograde import autograde


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dlcourse.grading",
        description="Autograde a chapter: every student ends with a score or a recorded reason.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("autograde", help="grade the submissions of one chapter")
    grade.add_argument("chapter", help="the assignment, for example 01_neural_networks")
    grade.add_argument("--student", action="append", help="only this student; may be repeated")
    grade.add_argument(
        "--timeout", type=int, help="seconds a cell may run (default: nbgrader_config.py's)"
    )
    grade.add_argument("--course", type=Path, default=Path("."), help="the course folder")
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run student code without the sandbox, with your rights (only inside a container "
        "that holds nothing but this course's release and the submissions)",
    )
    args = parser.parse_args(argv)

    try:
        outcomes = autograde(
            args.chapter, args.course, args.student, args.timeout, sandbox=not args.no_sandbox
        )
    except ValueError as exc:
        parser.exit(2, f"error: {exc}\n")
    width = max((len(o.student) for o in outcomes), default=7)
    for o in outcomes:
        line = f"{o.student:{width}s}  {o.status:6s}  {o.score:g}/{o.max_score:g}"
        print(line + (f"  {o.message}" if o.message else ""))
    errors = sum(o.status == "error" for o in outcomes)
    print(
        f"{len(outcomes)} submissions: {len(outcomes) - errors} graded, {errors} not gradable "
        f"(scored zero; reasons in grading_report_{args.chapter}.csv and the gradebook)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
