"""The handbook's macros, for hand-written pages that opt in with `render_macros: true`.

Each macro is a thin call into `render`, and into `page_data` for what the finder's and
the planner's scripts read, with the addresses of the pages as the build publishes them;
the protocol library was loaded and checked by `hooks.on_config` before this module runs.
Protocol pages themselves are written by `hooks.on_files` with `render.protocol_page`, so
their text never passes through Jinja.
"""

import posixpath

from mkdocs.utils import get_relative_url

from . import markup, page_data, reference, render, schema

PLAN_STYLESHEET = "assets/stylesheets/plan.css"  # the finder's and the planner's, on their pages only


def define_env(env):
    library = env.conf["protocol_library"]

    def protocols_link_prefix() -> str:
        """The relative path from the current page to the protocol pages."""
        here = posixpath.dirname(env.page.file.src_uri)
        prefix = posixpath.relpath("protocols", here or ".")
        return "" if prefix == "." else prefix + "/"

    def address(src_uri: str) -> str:
        """Where the build publishes `src_uri` (a file in docs/), relative to the current page.

        Taken from the build's own list of files, so it follows `use_directory_urls`
        (protocols/atlas/ on the web, protocols/atlas.html in the offline edition).
        """
        file = env.variables["files"].get_file_from_path(src_uri)
        if file is None:
            raise ValueError(f"{env.page.file.src_uri}: the page links to {src_uri}, which the build does not have")
        return get_relative_url(file.url, env.page.url)

    def protocol_addresses() -> dict[str, str]:
        return {protocol_id: address(f"protocols/{protocol_id}.md") for protocol_id in library.protocols}

    @env.macro
    def protocol_catalog() -> str:
        """A table of every protocol: title, summary, time, group size, purposes."""
        return render.catalog(library, protocols_link_prefix())

    @env.macro
    def protocol_comparison() -> str:
        """A table comparing every protocol: time, size, trust, purposes, kinds of sample."""
        return render.comparison(library, protocols_link_prefix())

    @env.macro
    def protocol_finder() -> str:
        """Every protocol with what decides whether it fits, filtered in the browser."""
        data = page_data.finder(library, protocol_addresses(), address("plan/planner.md"))
        return render.finder(data, address(PLAN_STYLESHEET))

    @env.macro
    def meeting_planner() -> str:
        """The meeting planner's mount point, with every protocol's steps."""
        return render.planner(page_data.planner(library, protocol_addresses()), address(PLAN_STYLESHEET), address(page_data.RECORDS_PAGE))

    @env.macro
    def school_welcome() -> str:
        """The welcome from school/school.yml, for the top of the home page; nothing without one."""
        welcome = library.school["welcome"] if library.school else None
        return f'<div class="lsw-welcome">\n{markup.markdown_html(welcome).strip()}\n</div>\n' if welcome else ""

    @env.macro
    def field_reference() -> str:
        """The protocol file's fields, generated from the schema."""
        return reference.field_reference()

    @env.macro
    def school_reference() -> str:
        """The fields of school/school.yml, generated from the schema."""
        return reference.field_reference(schema.SCHOOL)
