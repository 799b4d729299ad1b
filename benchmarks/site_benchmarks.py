"""What the handbook's engine costs: `.venv/bin/python benchmarks/site_benchmarks.py [--runs 3] [--sizes 10,100,500]`.

1. Build time: N protocols as YAML files through the engine (check, render), against the
   same N pages written as plain Markdown files in the same site (same theme, overrides,
   plugins and extensions), side by side in one run, for each N. Budget: the engine at most 1.25 times the plain build at every size.
2. Page weight: the bytes a protocol page transfers (HTML, CSS, JavaScript, images; raw and
   gzip) against the same page as a plain Material page, without the handbook's own
   JavaScript and CSS, and the handbook's own
   JavaScript and CSS on their own. Budget: at most 15 KiB gzip added to a page.

Figures, not tests: the script prints them and says whether each budget holds; a busy
machine changes the times. Results are kept in benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.library import load_library  # noqa: E402
from macros.page_data import protocol as protocol_data  # noqa: E402
from macros.render import catalog, protocol_page  # noqa: E402

TEMPLATE = ROOT / "protocols" / "atlas.yml"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class GzipHandler(QuietHandler):
    """Serves files gzip-compressed, as static hosts such as GitHub Pages do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)



def generated_protocols(count: int) -> list[tuple[str, str]]:
    """`count` distinct protocol files made from ATLAS: (id, YAML text)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    files = []
    for n in range(1, count + 1):
        body = text.replace('title: "ATLAS: Learning from Student Work"', f'title: "Generated protocol {n:04d}"')
        files.append((f"generated-{n:04d}", body))
    return files


def strip_related(yaml_text: str) -> str:
    """Generated protocols point nowhere: drop the template's related list."""
    lines, out, skipping = yaml_text.splitlines(), [], False
    for line in lines:
        if line.startswith("related:"):
            skipping = True
            continue
        if skipping and line.startswith("  - "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


def site_project(folder: Path, yaml_files: list[tuple[str, str]], pages: dict[str, str], catalog_markdown: str, bare: bool = False) -> Path:
    """The handbook's own configuration (theme, overrides, hooks, macros, assets) with
    `yaml_files` as protocol files and `pages` (id -> Markdown) as plain pages.
    `bare` leaves out the handbook's own JavaScript and CSS: a plain Material page."""
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder)
    for name in ("macros", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "protocols").mkdir()
    shutil.copy(ROOT / "protocols" / "_vocabulary.yml", folder / "protocols")
    for protocol_id, text in yaml_files:
        (folder / "protocols" / f"{protocol_id}.yml").write_text(strip_related(text), encoding="utf-8")
    # Only the protocols and their catalog: the guidance pages link to the shared library.
    (folder / "docs" / "protocols").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets")
    for page_id, markdown in pages.items():
        (folder / "docs" / "protocols" / f"{page_id}.md").write_text(markdown, encoding="utf-8")
    (folder / "docs" / "protocols" / "index.md").write_text(f"---\nrender_macros: true\n---\n\n# Protocols\n\n{catalog_markdown}\n", encoding="utf-8")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    if bare:
        config = re.sub(r"\nextra_(css|javascript):\n(  .*\n)+", "\n", config)
    nav = "".join(f"      - protocols/{page_id}.md\n" for page_id in pages)
    config = config[: config.index("\nnav:")] + "\nnav:\n  - Home: index.md\n  - Protocols:\n      - protocols/index.md\n" + nav
    (folder / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"), encoding="utf-8")
    return folder


def engine_project(folder: Path, protocols: list[tuple[str, str]]) -> Path:
    return site_project(folder, protocols, {}, "{{ protocol_catalog() }}")


def plain_project(folder: Path, protocols: list[tuple[str, str]], library, bare: bool = False) -> Path:
    """The same site and the same pages, written as plain Markdown: no protocol files."""
    # Each page's timer data names the page itself: protocols/<id>/ seen from itself.
    pages = {protocol_id: protocol_page(library.protocols[protocol_id], library, protocol_data(library.protocols[protocol_id], library, "./"), "../../meetings/")
             for protocol_id, _ in protocols}
    return site_project(folder, [], pages, catalog(library, ""), bare)


def build_seconds(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml")], check=True,
                   cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return time.perf_counter() - started


def build_times(sizes: list[int], runs: int) -> list[tuple[int, float, float]]:
    rows = []
    for size in sizes:
        protocols = generated_protocols(size)
        with tempfile.TemporaryDirectory() as folder:
            engine = engine_project(Path(folder) / "engine", protocols)
            library = load_library(engine / "protocols")
            plain = plain_project(Path(folder) / "plain", protocols, library)
            engine_times, plain_times = [], []
            for _ in range(runs):  # alternate, so a busy moment hits both alike
                engine_times.append(build_seconds(engine))
                plain_times.append(build_seconds(plain))
        rows.append((size, statistics.median(engine_times), statistics.median(plain_times)))
    return rows


def transferred(site: Path, path: str, own: set[str] = frozenset()) -> tuple[tuple[int, int], tuple[int, int]]:
    """Raw and gzip bytes of everything the page at `path` loads from its own site, and of
    the part of it whose address ends in one of `own` (the handbook's own JS and CSS)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bodies = []
    try:
        with sync_playwright() as playwright:
            chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", lambda response: bodies.append((response.url, response.body())) if response.ok else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    mine = [body for url, body in bodies if url.endswith(tuple(own))]
    every = [body for _, body in bodies]
    return (
        (sum(map(len, every)), sum(len(gzip.compress(b, 9)) for b in every)),
        (sum(map(len, mine)), sum(len(gzip.compress(b, 9)) for b in mine)),
    )


def own_assets() -> set[str]:
    """The handbook's own scripts and stylesheets, as mkdocs.yml lists them."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return {str(path) for path in config.extra_css} | {str(getattr(script, "path", script)) for script in config.extra_javascript}


def page_weight() -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    protocols = [(p, TEMPLATE.read_text(encoding="utf-8")) for p in ["generated-0001"]]
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_project(Path(folder) / "engine", protocols)
        library = load_library(engine / "protocols")
        plain = plain_project(Path(folder) / "plain", protocols, library, bare=True)
        build_seconds(engine)
        build_seconds(plain)
        protocol, own = transferred(engine / "site", "protocols/generated-0001/", own_assets())
        plain_page, _ = transferred(plain / "site", "protocols/generated-0001/")
        return protocol, plain_page, own


def lighthouse(command: list[str], paths: list[str]) -> dict[str, dict[str, int]]:
    """Lighthouse's scores for pages of the real handbook, built for and served from a local gzip server."""
    scores = {}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)], cwd=ROOT, check=True,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=url))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for path in paths:
                report = Path(folder) / "report.json"
                chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
                subprocess.run([*command, url + path, "--quiet", "--output=json", f"--output-path={report}",
                                "--only-categories=performance,accessibility,best-practices,seo",
                                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                               check=True, env=dict(os.environ, CHROME_PATH=chromium))
                categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
                scores[path or "(home)"] = {name: round(category["score"] * 100) for name, category in categories.items()}
        finally:
            server.shutdown()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--lighthouse", help="how to run Lighthouse, e.g. 'npx lighthouse' in a folder where it is installed")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    print(f"{time.strftime('%Y-%m-%d')} · {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, Python {platform.python_version()}")
    print(f"\nBuild time, median of {args.runs} runs each, engine and plain alternating")
    print("| protocols | engine (s) | plain Markdown (s) | ratio | within 1.25 |")
    print("| ---: | ---: | ---: | ---: | --- |")
    for size, engine, plain in build_times(sizes, args.runs):
        print(f"| {size} | {engine:.2f} | {plain:.2f} | {engine / plain:.2f} | {'yes' if engine / plain <= 1.25 else 'NO'} |")

    protocol, plain, own = page_weight()
    print("\nPage weight (everything the page loads from its own site)")
    print("| page | raw (B) | gzip (B) |")
    print("| --- | ---: | ---: |")
    print(f"| protocol page (engine, timer included) | {protocol[0]:,} | {protocol[1]:,} |")
    print(f"| the same page as a plain Material page | {plain[0]:,} | {plain[1]:,} |")
    print(f"| difference | {protocol[0] - plain[0]:,} | {protocol[1] - plain[1]:,} |")
    print(f"| of which the handbook's own JS and CSS | {own[0]:,} | {own[1]:,} |")
    print(f"\nThe handbook's own JS and CSS add {own[1]:,} B gzip to a protocol page: budget 15,360 B, {'within' if own[1] <= 15360 else 'OVER'}.")

    if args.lighthouse:
        print("\nLighthouse (Debian's Chromium, default mobile throttling, served gzip-compressed)")
        print("| page | performance | accessibility | best practices | SEO |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for path, score in lighthouse(args.lighthouse.split(), ["", "protocols/atlas/"]).items():
            print(f"| {path} | {score['performance']} | {score['accessibility']} | {score['best-practices']} | {score['seo']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
