"""MkDocs glue: check every protocol file before anything is built, then add a page for each.

Listed under `hooks:` in mkdocs.yml. The work itself is done by `library`, `school`, `render`
and `handouts`.
"""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

# MkDocs loads this file by path; make the `macros` package importable by name.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from macros import handouts, jsonschema, page_data, render, schema, school
from macros.library import Library, ProtocolErrors, load_library
from macros.problem_page import problem_page

LIBRARY = "protocol_library"  # the config key the macros module reads the library from
CATALOG = "protocols/index.md"
_command = None
_problems: list = []  # while serving: the problems that stopped the last build


def on_startup(command, dirty):
    global _command
    _command = command


@event_priority(100)  # before the macros plugin's on_config, which reads the library
def on_config(config):
    global _problems
    project = Path(config.config_file_path).parent
    _problems = []
    try:
        library = load_library(project / "protocols", project / school.FOLDER, shown_from=project)
    except ProtocolErrors as errors:
        if _command != "serve":
            raise PluginError(str(errors)) from None
        # While serving, a broken file must not leave the browser waiting for a build that
        # never comes: every page shows the problems instead, until the files are fixed.
        # Printed, not logged: MkDocs' strict mode counts logged errors and would abort the
        # build that shows them. No page links anywhere, so nothing else warns.
        print(f"ERROR   -  {errors}", file=sys.stderr)
        _problems = errors.problems
        config[LIBRARY] = Library({}, {"purposes": {}, "samples": {}})
        _extend_nav(config["nav"], sorted(_protocol_files(project)))
        return config
    config[LIBRARY] = library
    if _command == "build":
        # The library lives until the build ends: keep the garbage collector from scanning
        # it again on every collection (with 500 protocols, the build is about a tenth faster).
        gc.freeze()
    if library.school:
        school.apply_identity(config, library.school)
    _extend_nav(config["nav"], library.protocols)
    return config


SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def on_pre_build(config):
    """For the offline edition: a local copy of the search shim, and no instant navigation.

    Material's offline plugin loads its shim from a CDN, and instant navigation cannot
    fetch pages over file://. Runs after every plugin's on_config.
    """
    polyfills = config["extra"].get("polyfills") or []
    if any("iframe-worker" in url for url in polyfills):
        config["extra"]["polyfills"] = [SHIM if "iframe-worker" in url else url for url in polyfills]
        features = config.theme["features"]
        features[:] = [feature for feature in features if not feature.startswith("navigation.instant")]


def _protocol_files(project: Path) -> dict[str, Path]:
    """Every file that may be a protocol page, by id, whether or not it is valid."""
    paths = [*(project / "protocols").glob("*.yml"), *(project / school.FOLDER / "protocols").glob("*.yml")]
    return {path.stem: path for path in paths if re.match(schema.ID_PATTERN, path.stem)}


def _extend_nav(nav: list | None, protocol_ids) -> None:
    """Append every protocol page to the nav section that holds the catalog."""
    for entry in nav or []:
        if isinstance(entry, dict):
            for children in entry.values():
                if isinstance(children, list):
                    if CATALOG in children or any(isinstance(c, dict) and CATALOG in c.values() for c in children):
                        children.extend(f"protocols/{protocol_id}.md" for protocol_id in protocol_ids)
                        return
                    _extend_nav(children, protocol_ids)


def on_serve(server, config, builder):
    """Rebuild when a school's own files change (school/ may not exist, so it is not in `watch:`)."""
    folder = Path(config.config_file_path).parent / school.FOLDER
    if folder.is_dir():
        server.watch(str(folder))
    return server


@event_priority(-100)  # after the macros plugin, so the problems are never read as a template
def on_page_markdown(markdown, page, config, files):
    """Links in hand-written pages to a protocol the school hid become plain text.

    While serving with broken files, every page is the list of problems instead."""
    if _problems:
        return problem_page(_problems)
    library: Library = config[LIBRARY]
    hidden = library.school["hide"] if library.school else []
    if not hidden:
        return markdown
    names = "|".join(re.escape(protocol_id) for protocol_id in hidden)
    link = re.compile(rf"\[([^\]]+)\]\((?:\.\./)*protocols/(?:{names})\.md(?:#[^)]*)?\)")
    return link.sub(r"\1", markdown)


# pymdownx.tasklist leaves an item's text outside its checkbox's <label>, so the checkbox
# has no name (axe: "label"). Close the label after the text, where the item holds no list.
_TASK_ITEM = re.compile(r'(<label class="task-list-control">.*?<span class="task-list-indicator"></span>)</label>((?:(?!<[uo]l|<li|</li>).)*)</li>', re.S)


def on_page_content(html, page, config, files):
    return _TASK_ITEM.sub(r"\1\2</label></li>", html)


def on_files(files, config):
    library: Library = config[LIBRARY]
    project = Path(config.config_file_path).parent
    if _problems:
        # The address of every protocol file the editor may be looking at shows the problems too.
        for protocol_id in sorted(_protocol_files(project)):
            if not files.get_file_from_path(f"protocols/{protocol_id}.md"):
                files.append(File.generated(config, f"protocols/{protocol_id}.md", content=""))
        files.append(File.generated(config, handouts.INDEX, content=""))  # in the nav, so it must exist
        return files
    for protocol_id, protocol in library.protocols.items():
        # The page is rendered here, not by a Jinja template, so no text from YAML is ever
        # read as a template; the title comes from the page's own (escaped) heading.
        front_matter = yaml.safe_dump({"description": protocol["summary"]}, allow_unicode=True)
        page = File.generated(config, f"protocols/{protocol_id}.md", content="")
        timer = page_data.protocol(protocol, library, get_relative_url(page.url, page.url))
        records = get_relative_url(files.get_file_from_path(page_data.RECORDS_PAGE).url, page.url)
        page.content_string = f"---\n{front_matter}---\n\n{render.protocol_page(protocol, library, timer, records, handouts.links(protocol_id, '../'))}"
        # The edit button opens the YAML file, which sits beside docs/, not in it.
        page.edit_uri = "../" + protocol.file.resolve().relative_to(project.resolve()).as_posix()
        files.append(page)
        for handout in _handout_pages(config, protocol, page.edit_uri):
            files.append(handout)
    index = yaml.safe_dump({"description": handouts.INDEX_DESCRIPTION}, allow_unicode=True)
    files.append(File.generated(config, handouts.INDEX, content=f"---\n{index}---\n\n{handouts.index(library)}"))
    files.append(File.generated(config, "schema/protocol.schema.json", content=jsonschema.dumps(jsonschema.protocol_schema())))
    if library.school and library.school["logo"]:
        logo = project / school.FOLDER / library.school["logo"]
        files.append(File.generated(config, f"{school.FOLDER}/{library.school['logo']}", abs_src_path=str(logo)))
    return files


def _handout_pages(config, protocol, edit_uri: str):
    """The protocol's facilitator's card and note sheet: linked from its page and from the
    Handouts page, left out of the nav and of search, where they would repeat its page."""
    for kind in handouts.KINDS:
        page = File.generated(config, handouts.address(protocol.id, kind), content="", inclusion=InclusionLevel.NOT_IN_NAV)
        front_matter = yaml.safe_dump({"description": handouts.description(protocol, kind), "search": {"exclude": True}}, allow_unicode=True)
        body = handouts.handout(protocol, kind, get_relative_url(handouts.STYLESHEET, page.url))
        page.content_string = f"---\n{front_matter}---\n\n{body}"
        page.edit_uri = edit_uri  # the protocol's file, which the handout is made from
        yield page


def on_page_context(context, page, config, nav):
    """A description is text, and a protocol's comes from its file: escape it once, as Markup,
    so that Material's templates, which print it unescaped, and ours, which escape, both show it as text."""
    if page.meta.get("description"):
        page.meta["description"] = Markup.escape(page.meta["description"])
    return context
