"""Check the protocol files without building the site: `python -m macros.check`.

Prints every problem in every file and exits 1, or says how many protocols are fine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .library import ProtocolErrors, load_library

PROJECT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.check", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=PROJECT / "protocols", type=Path, help="the folder of protocol files (default: protocols/)")
    args = parser.parse_args(argv)
    try:
        library = load_library(args.folder, shown_from=Path.cwd())
    except ProtocolErrors as errors:
        print(errors, file=sys.stderr)
        return 1
    print(f"{len(library.protocols)} protocol file(s) checked: no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
