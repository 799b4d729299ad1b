"""Check the protocol files without building the site: `python -m macros.check`.

Prints every problem in every file and exits 1, or says how many protocols are fine.
Under GitHub Actions each problem is also printed as an annotation, so it shows on
the file and line in the pull request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .library import ProtocolErrors, load_library
from .school import FOLDER
from .validate import Problem

PROJECT = Path(__file__).resolve().parent.parent


def _escape(value: str, properties: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if properties else value


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions workflow command."""
    title = _escape(f"Protocol file: {problem.path}", properties=True)
    message = _escape(f"{problem.path}: found {problem.found}; expected {problem.expected}")
    return f"::error file={_escape(problem.file, True)},line={problem.line},title={title}::{message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.check", description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=PROJECT, type=Path, help="the handbook's folder (default: this one)")
    parser.add_argument("--github", action="store_true", default=os.environ.get("GITHUB_ACTIONS") == "true",
                        help="also print GitHub annotations (on by default under GitHub Actions)")
    args = parser.parse_args(argv)
    try:
        library = load_library(args.project / "protocols", args.project / FOLDER, shown_from=args.project)
    except ProtocolErrors as errors:
        print(errors, file=sys.stderr)
        if args.github:
            for problem in errors.problems:
                print(github_annotation(problem))
        return 1
    own = sum(1 for p in library.protocols.values() if p.origin == "school")
    print(f"{len(library.protocols)} protocol(s) checked, {own} of them the school's own: no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
