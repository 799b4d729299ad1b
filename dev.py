"""One entry point for working on the handbook, on any machine with Python 3.10 or newer.

    python3 dev.py serve   install what is needed, then serve the handbook with live reload
    python3 dev.py test    install what is needed (Chromium too), then run every test
    python3 dev.py test --fast   only the tests that need no browser and no build (seconds)
    python3 dev.py check   check the protocol files without building the site
    python3 dev.py new "Title"   start a new protocol file in school/protocols/
    python3 dev.py build   build the site into site/
    python3 dev.py offline build the offline edition into site-offline/ (open index.html from a folder or USB stick)
    python3 dev.py lock    rewrite requirements.lock from pyproject.toml

Everything is installed into .venv/ from requirements.lock, and only again when the lock changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# Chromium's headless shell first: the same engine without a full browser's windowing, it
# opens a page for about a quarter of the work, and opening pages is most of what the
# browser tests spend.
HEADLESS_SHELL = "chromium-headless-shell"
CHROMIUM_CANDIDATES = (HEADLESS_SHELL, "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **kwargs)


def install() -> None:
    """Create .venv and install the locked dependencies, unless the lock is unchanged."""
    if sys.version_info < (3, 10):  # noqa: UP036 -- dev.py runs on the system Python, which may be older
        sys.exit("The handbook needs Python 3.10 or newer.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / "requirements.lock.sha256"
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes", "-r", LOCK)
    stamp.write_text(digest)


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    return next(filter(None, (shutil.which(name) for name in CHROMIUM_CANDIDATES)), None)


def attempt(*command: str) -> bool:
    """Run a command that may fail; say whether it worked."""
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode == 0


def ensure_chromium() -> str:
    """The browser tests drive the system's Chromium (its headless shell where there is one);
    install it with apt where we may."""
    found = find_chromium()
    if found and (os.environ.get("CHROMIUM") or Path(found).name == HEADLESS_SHELL):
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        # Where apt has no headless shell (or no network), a Chromium already here does.
        if not (attempt("apt-get", "update") and attempt("apt-get", "install", "-y", HEADLESS_SHELL)) and not found:
            run("apt-get", "install", "-y", "chromium")
        found = find_chromium()
    if found:
        return found
    sys.exit(
        "The tests need Chromium and none was found. Install it (Debian/Ubuntu: "
        "`sudo apt-get install chromium-headless-shell` or `chromium`) or set CHROMIUM to the browser's path."
    )


def environment(**extra: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
    env.pop("VIRTUAL_ENV", None)
    return env


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "lock":
        # uv goes into the project's own environment, never into the system's Python.
        if not PYTHON.exists():
            venv.create(VENV, with_pip=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv")
        run(PYTHON, "-m", "uv", "pip", "compile", "pyproject.toml", "--extra", "test", "--universal",
            "--python-version", "3.10", "--generate-hashes", "-o", LOCK.name, env=environment())
        return 0
    if command not in {"serve", "test", "check", "build", "new", "offline"}:
        print(__doc__)
        return 0 if command == "help" else 2
    install()
    if command == "serve":
        run(PYTHON, "-m", "mkdocs", "serve", "--livereload", *rest, env=environment())
    elif command == "build":
        run(PYTHON, "-m", "mkdocs", "build", *rest, env=environment())
    elif command == "offline":
        run(PYTHON, "-m", "mkdocs", "build", "--site-dir", "site-offline", *rest, env=environment(OFFLINE="true"))
    elif command == "check":
        run(PYTHON, "-m", "macros.check", *rest, env=environment())
    elif command == "new":
        run(PYTHON, "-m", "macros.scaffold", *rest, env=environment())
    elif command == "test" and "--fast" in rest:
        # The checks that need no browser and no build: seconds, not minutes, in one process.
        run(PYTHON, "-m", "pytest", "-m", "not slow", "-n", "0", *(arg for arg in rest if arg != "--fast"), env=environment())
    elif command == "test":
        chromium = ensure_chromium()
        run(PYTHON, "-m", "pytest", *rest, env=environment(CHROMIUM=chromium))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)
