"""A school's identity, from school/school.yml, applied to the MkDocs configuration.

Everything a school changes lives in school/, so merging a later version of the shared
handbook into a fork never touches the school's files.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

from . import markup

FOLDER = "school"
DEFAULT_TITLE = "Looking at Student Work Together"


def site_title(settings: dict) -> str:
    return settings["site_title"] or f"{settings['name']}: {DEFAULT_TITLE}"


def edit_uri(repository: str, branch: str) -> str:
    """The edit path below the repository's address, as GitHub and GitLab spell it."""
    host = urlsplit(repository).netloc
    prefix = "-/edit" if "gitlab" in host else "edit"
    return f"{prefix}/{branch}/docs/"


def apply_identity(config, settings: dict) -> None:
    # Themes print site_name and copyright without escaping them, in places we do not
    # override; escaped once as Markup, they show as text there and in our `| e`.
    config["site_name"] = Markup.escape(site_title(settings))
    if settings["logo"]:
        config.theme["logo"] = f"{FOLDER}/{settings['logo']}"
        config.theme["favicon"] = f"{FOLDER}/{settings['logo']}"
    colours = settings["colours"] or {}
    for palette in config.theme["palette"] or []:
        for role in ("primary", "accent"):
            if colours.get(role):
                palette[role] = colours[role]
    if settings["footer"]:
        config["copyright"] = Markup.escape(settings["footer"])
    if settings["repository"]:
        config["repo_url"] = settings["repository"]
        config["repo_name"] = urlsplit(settings["repository"]).path.strip("/")
        config["edit_uri"] = edit_uri(settings["repository"], settings["branch"])
    config["extra"]["school"] = {
        "name": settings["name"],
        "contact": Markup(markup.markdown_html(settings["contact"])) if settings["contact"] else "",
    }
