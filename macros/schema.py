"""The protocol file format, written down once.

Validation (`validate`), the field reference page (`reference.field_reference`) and the
JSON Schema that editors use (`jsonschema`) are all derived from `PROTOCOL` and
`VOCABULARY` below. Change a field here and all three follow.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# Markdown fields take Markdown, not HTML. These inline tags are harmless and sometimes
# wanted (an abbreviation, a keyboard key, a line break); any other tag is a problem.
ALLOWED_HTML_TAGS = ("abbr", "b", "br", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "strong", "sub", "sup", "u")

# Ids no protocol file may have, and why. A protocol becomes the page protocols/<id>.md,
# beside the list of protocols (docs/protocols/index.md); the offline edition is often
# copied to a Windows laptop, where a folder cannot have the device names.
_WINDOWS = "a name Windows cannot give a folder (the offline edition is copied to Windows computers)"
RESERVED_IDS = {
    "index": "the page that lists every protocol (protocols/index.md)",
    **{name: _WINDOWS for name in ("con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10)))},
}

# `python3 dev.py new` starts each required value with this: the check refuses it until replaced.
PLACEHOLDER = "REPLACE:"


# Kinds of value a field can hold. Each says, in a coach's words, what it expects.


@dataclass(frozen=True)
class Text:
    """A single line of plain text: shown exactly as written, never as Markdown."""

    expected: str = "text"


@dataclass(frozen=True)
class Markdown:
    """Text that may use Markdown: paragraphs, lists, **bold**, links."""

    expected: str = "text (Markdown allowed)"


@dataclass(frozen=True)
class Url:
    expected: str = "a full web address starting with https:// or http://, with no spaces, quotes or angle brackets"


@dataclass(frozen=True)
class Number:
    """A number of minutes from `minimum` to `maximum`, written in plain digits (5, 2.5).

    Half a minute is the least a timer step can sensibly show; four hours is longer than
    any meeting a protocol is for, and bounds what one file can add to a total.
    """

    minimum: float = 0.5
    maximum: float = 240
    expected: str = "a number of minutes from 0.5 to 240, such as 5 or 2.5"


@dataclass(frozen=True)
class Integer:
    minimum: int
    maximum: int
    expected: str = "a whole number"


@dataclass(frozen=True)
class Boolean:
    expected: str = "true or false"


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]

    @property
    def expected(self) -> str:
        return "one of: " + ", ".join(self.values)


@dataclass(frozen=True)
class Tag:
    """A term from one list of the vocabulary file (`_vocabulary.yml`)."""

    vocabulary: str

    @property
    def expected(self) -> str:
        return f"a {self.vocabulary} tag from _vocabulary.yml"


@dataclass(frozen=True)
class ProtocolRef:
    expected: str = "the id of another protocol (its file name without .yml)"


@dataclass(frozen=True)
class ListOf:
    item: object
    min_items: int = 0

    @property
    def expected(self) -> str:
        return "a list (one item per line, each starting with '- ')"


@dataclass(frozen=True)
class Field:
    key: str
    kind: object
    label: str
    description: str
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class Record:
    """A mapping with a fixed set of keys: any other key is an error."""

    fields: tuple[Field, ...]
    expected: str = "a set of fields (key: value)"

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys are ids chosen by the author, each holding `value`."""

    value: object
    expected: str = "a set of entries, each an id (lower-case letters, digits, hyphens)"


# How much trust a protocol needs, lowest first, each with its label as the finder offers it.
TRUST_LEVELS = {
    "low": "Low: new to each other or to protocols",
    "medium": "Medium: used to sharing work",
    "high": "High: at ease hearing cool feedback",
}


# The protocol file: protocols/<id>.yml

STEP = Record(
    (
        Field("title", Text(), "Title", "What the step is called, such as 'Describing the work'.", required=True),
        Field("minutes", Number(), "Minutes", "How long the step takes, from 0.5 to 240 minutes, in plain digits: decimals such as 2.5 are allowed.", required=True),
        Field(
            "timing",
            Choice(("fixed", "suggested")),
            "Timing",
            "Overrides the protocol's `timing` for this step: `suggested` where the source gives no time for it.",
        ),
        Field("speaks", Text(), "Who speaks", "Who talks during the step, such as 'Participants' or 'Presenter'."),
        Field(
            "presenter_silent",
            Boolean(),
            "Presenter silent",
            "`true` when the presenter listens without speaking during this step.",
            default=False,
        ),
        Field("prompt", Text(), "Prompt", "The question the facilitator puts to the group, such as \"What do you see?\"."),
        Field("guidance", Markdown(), "Guidance", "What the group does during the step."),
        Field(
            "facilitator_moves",
            ListOf(
                Record(
                    (
                        Field("when", Text(), "When", "The situation, such as 'Someone offers a judgment'.", required=True),
                        Field("move", Markdown(), "Move", "What the facilitator does then.", required=True),
                    )
                )
            ),
            "Facilitator moves",
            "What the facilitator does when something typical happens during this step.",
            default=(),
        ),
        Field(
            "record",
            ListOf(
                Record(
                    (
                        Field("label", Text(), "Label", "The chart's heading as the group sees it, such as 'What we see'. Each heading once in a step.", required=True),
                        Field(
                            "next_steps",
                            Boolean(),
                            "Next steps",
                            "`true` when what the group writes here is what it agrees to do next: these lines open the meeting record "
                            "and are shown again when the same group next meets.",
                            default=False,
                        ),
                    )
                )
            ),
            "Record",
            "The charts the group keeps during this step, as on chart paper: the recorder types the group's words under each "
            "heading on the facilitator's screen, and they are kept in the meeting record. Leave it out when the step records nothing.",
            default=(),
        ),
    )
)

PROTOCOL = Record(
    (
        Field("title", Text(), "Title", "The protocol's name as facilitators know it.", required=True),
        Field(
            "replaces",
            Text(),
            "Replaces",
            "Only in a school's own file: the id of the shared protocol it replaces, which is the file's own name, "
            "such as `replaces: atlas` in `school/protocols/atlas.yml`. Without it, a school file named like a shared protocol is refused.",
        ),
        Field(
            "summary",
            Text(),
            "Summary",
            "One sentence saying what the protocol does. Shown in lists and used as the page's description.",
            required=True,
        ),
        Field("purpose", Markdown(), "Purpose", "Why a group would use this protocol and what it helps them see.", required=True),
        Field(
            "source",
            Record(
                (
                    Field("name", Text(), "Name", "The publication or organisation the protocol comes from.", required=True),
                    Field("url", Url(), "Web address", "Where readers can find the original."),
                    Field("authors", ListOf(Text()), "Authors", "The people who developed or revised the protocol.", default=()),
                    Field("year", Integer(1900, 2100, "a year such as 2000"), "Year", "The year of the version this page follows."),
                    Field(
                        "notes",
                        Markdown(),
                        "Notes",
                        "Where versions differ, what this page follows and why; what the handbook added.",
                    ),
                )
            ),
            "Source",
            "Where the protocol comes from. Shown on the page as its attribution.",
            required=True,
        ),
        Field(
            "timing",
            Choice(("fixed", "suggested")),
            "Timing",
            "`fixed` when the source sets the minutes; `suggested` when the minutes are the handbook's suggestion.",
            default="fixed",
        ),
        Field(
            "group_size",
            Record(
                (
                    Field("min", Integer(1, 200, "a whole number of people"), "Fewest", "The fewest people the protocol works with.", required=True),
                    Field("max", Integer(1, 200, "a whole number of people"), "Most", "The most people the protocol works with."),
                )
            ),
            "Group size",
            "How many people, presenter and facilitator included.",
        ),
        Field(
            "trust",
            Choice(tuple(TRUST_LEVELS)),
            "Trust needed",
            "How much trust the group needs to have built: `high` where the presenter hears critical feedback.",
        ),
        Field("purposes", ListOf(Tag("purposes")), "Best for", "What the protocol is good for, as purpose tags.", default=()),
        Field("samples", ListOf(Tag("samples")), "Kinds of sample", "The kinds of sample of student work it suits, as sample tags.", default=()),
        Field(
            "norms",
            ListOf(
                Record(
                    (
                        Field("name", Text(), "Name", "The norm in a few words, such as 'No fault'.", required=True),
                        Field("description", Markdown(), "Description", "What the norm asks of the group."),
                    )
                )
            ),
            "Norms",
            "The agreements the group keeps during the protocol.",
            default=(),
        ),
        Field(
            "roles",
            ListOf(
                Record(
                    (
                        Field("name", Text(), "Name", "The role, such as 'Facilitator', 'Presenter' or 'Participants'.", required=True),
                        Field("does", Markdown(), "Does", "What the person or people in this role do.", required=True),
                    )
                )
            ),
            "Roles",
            "Who takes part and what each does.",
            default=(),
        ),
        Field("bring", Markdown(), "What work to bring", "How the presenter chooses the student work for this protocol."),
        Field(
            "preparation",
            ListOf(
                Record(
                    (
                        Field("role", Text(), "Role", "Who prepares, such as 'Presenter'.", required=True),
                        Field("tasks", ListOf(Markdown(), min_items=1), "Tasks", "What they do before the meeting.", required=True),
                    )
                )
            ),
            "Before the meeting",
            "Preparation before the meeting, for each role.",
            default=(),
        ),
        Field("materials", ListOf(Markdown()), "Materials", "What the group needs in the room.", default=()),
        Field("steps", ListOf(STEP, min_items=1), "Steps", "The timed steps, in order.", required=True),
        Field(
            "debrief",
            ListOf(
                Record(
                    (
                        Field("heading", Text(), "Heading", "What this set of questions is about."),
                        Field("questions", ListOf(Text(), min_items=1), "Questions", "The questions.", required=True),
                    )
                )
            ),
            "Debrief",
            "Questions for reflecting on the protocol afterwards, in sets.",
            default=(),
        ),
        Field(
            "variations",
            ListOf(
                Record(
                    (
                        Field("name", Text(), "Name", "What the variation is called.", required=True),
                        Field("minutes", Number(), "Minutes", "How long the protocol takes in this variation, if it changes: from 0.5 to 240 minutes, in plain digits."),
                        Field("description", Markdown(), "Description", "What changes.", required=True),
                    )
                )
            ),
            "Variations",
            "Other ways to run the protocol: shorter, longer, for other samples.",
            default=(),
        ),
        Field("tips", ListOf(Markdown()), "Tips", "Advice for facilitators.", default=()),
        Field("related", ListOf(ProtocolRef()), "Related protocols", "Other protocols a group might use instead or next.", default=()),
    )
)

# The vocabulary file: protocols/_vocabulary.yml

TERM = Record(
    (
        Field("label", Text(), "Label", "The term as readers see it.", required=True),
        Field("description", Text(), "Description", "What the term means."),
    )
)

VOCABULARY = Record(
    (
        Field("purposes", MapOf(TERM), "Purposes", "What a protocol can be used for.", required=True),
        Field("samples", MapOf(TERM), "Kinds of sample", "Kinds of sample of student work.", required=True),
    )
)

# A school's additions, school/vocabulary.yml: either list may be left out.
SCHOOL_VOCABULARY = Record(tuple(Field(f.key, f.kind, f.label, f.description) for f in VOCABULARY.fields))

# The school's own settings: school/school.yml, in a fork. Every field is optional but the name.

COLOURS = (
    "red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal",
    "green", "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown",
    "grey", "blue-grey", "black", "white",
)
ACCENT_COLOURS = tuple(c for c in COLOURS if c not in {"brown", "grey", "blue-grey", "black", "white"})

SCHOOL = Record(
    (
        Field("name", Text(), "School name", "Your school's name, shown on the school's own protocols.", required=True),
        Field("site_title", Text(), "Site title", "The handbook's title in the header and the browser tab. Default: the school's name, then 'Looking at Student Work Together'."),
        Field("logo", Text(), "Logo", "A picture file in the school/ folder, such as `logo.svg` or `logo.png`, shown in the header."),
        Field(
            "colours",
            Record(
                (
                    Field("primary", Choice(COLOURS), "Main colour", "The header's colour."),
                    Field("accent", Choice(ACCENT_COLOURS), "Accent colour", "The colour of links and buttons in focus."),
                )
            ),
            "Colours",
            "The handbook's colours, by name.",
        ),
        Field("contact", Markdown(), "Contact", "Who to ask about the handbook, shown in the footer, e.g. `Questions? [Write to the coach](mailto:coach@school.org)`."),
        Field("footer", Text(), "Footer", "The footer's line, e.g. the licence and your school's name."),
        Field("welcome", Markdown(), "Welcome", "A few words at the top of the home page for your colleagues."),
        Field("repository", Url(), "Repository", "Your copy of the handbook on GitHub or GitLab, for the edit buttons."),
        Field("branch", Text(), "Branch", "The branch the edit buttons open files on (the workflow publishes from main).", default="main"),
        Field("hide", ListOf(ProtocolRef()), "Hidden protocols", "Ids of shared protocols your school does not use: they are left out of the site.", default=()),
    )
)


# What a page hands its scripts: JSON in an attribute, written by `page_data` alone.
# It is JSON rather than a YAML file, so it is written down as JSON Schema; tests check
# what every built page embeds against it. Every key is always present (null when a
# protocol leaves the field out), so a script never has to guess.


def _data(description: str, kind: dict) -> dict:
    return {"description": description, **kind}


def _record_data(description: str, **properties: dict) -> dict:
    return {"type": "object", "description": description, "additionalProperties": False,
            "required": list(properties), "properties": properties}


def _list_data(description: str, item: dict, min_items: int = 0) -> dict:
    return {"type": "array", "description": description, "items": item, "minItems": min_items}


_ID = {"type": "string", "pattern": ID_PATTERN}
_WORDS = {"type": "string", "minLength": 1}
_MAYBE_WORDS = {"type": ["string", "null"], "minLength": 1}
_MINUTES = {"type": "number", "exclusiveMinimum": 0}

TAG_DATA = _record_data(
    "A purpose or kind of sample tag.",
    tag=_data("The tag, as protocol files write it.", _ID),
    label=_data("The tag as readers see it, from the vocabulary.", _WORDS),
)

TRUST_DATA = _record_data(
    "A level of trust.",
    level=_data("The level, as protocol files write it.", {"enum": list(TRUST_LEVELS)}),
    label=_data("The level as the finder offers it.", {"enum": list(TRUST_LEVELS.values())}),
)

# HTML the build rendered from a Markdown field and sanitised (markup.markdown_html): a
# script may put it into the page as it is.
_MAYBE_HTML = {"type": ["string", "null"], "minLength": 1}

FACILITATOR_DATA = _record_data(
    "What the facilitator's screen shows during the step, and the projector window does not.",
    guidance_html=_data("What the group does during the step, as sanitised HTML, or null.", _MAYBE_HTML),
    moves_html=_data("The facilitator moves, as a sanitised HTML list (each situation in bold, then the move), or null.", _MAYBE_HTML),
)

CHART_DATA = _record_data(
    "One chart of a step's record: a heading the group's words are kept under.",
    label=_data("The chart's heading, such as 'What we see'.", _WORDS),
    next_steps=_data("Whether what is written here is what the group agreed to do next.", {"type": "boolean"}),
)

STEP_DATA = _record_data(
    "One step, as the step timer runs it.",
    title=_data("The step's title.", _WORDS),
    minutes=_data("How long the step takes.", _MINUTES),
    duration=_data("The minutes as readers see them, such as '10 minutes'.", _WORDS),
    speaks=_data("Who speaks, or null.", _MAYBE_WORDS),
    presenter_silent=_data("Whether the presenter listens without speaking.", {"type": "boolean"}),
    prompt=_data("The facilitator's question, or null.", _MAYBE_WORDS),
    suggested=_data("Whether the minutes are the handbook's suggestion rather than the source's.", {"type": "boolean"}),
    facilitator=FACILITATOR_DATA,
    record=_list_data("The charts the group keeps during the step, in order: empty when it records nothing.", CHART_DATA),
)

PROTOCOL_DATA = _record_data(
    "One protocol: what the timer, the finder and the planner know of it.",
    id=_data("The protocol's id, its file name without .yml.", _ID),
    address=_data("The protocol's page, relative to the page that embeds this data.", _WORDS),
    title=_data("The protocol's title.", _WORDS),
    summary=_data("The protocol's summary.", _WORDS),
    minutes=_data("How long the whole protocol takes: its steps' minutes added up.", _MINUTES),
    duration=_data("The minutes as readers see them, such as '1 h 10 min'.", _WORDS),
    group_size=_data("The fewest and the most people (max null: no upper limit), or null.", {
        "type": ["object", "null"], "additionalProperties": False, "required": ["min", "max"],
        "properties": {"min": {"type": "integer", "minimum": 1}, "max": {"type": ["integer", "null"], "minimum": 1}},
    }),
    group_size_label=_data("The group size as readers see it, such as '4–8 people', or null.", _MAYBE_WORDS),
    trust=_data("The trust the protocol needs, or null.", {"anyOf": [TRUST_DATA, {"type": "null"}]}),
    purposes=_list_data("What the protocol is good for.", TAG_DATA),
    samples=_list_data("The kinds of sample it suits.", TAG_DATA),
    origin_note=_data("How a school's own protocol is marked, such as \"Riverside's own protocol\", or null.", _MAYBE_WORDS),
    steps=_list_data("The steps, in order.", STEP_DATA, min_items=1),
)


def _with(record: dict, **properties: dict) -> dict:
    """`record` with some of its properties' shapes replaced."""
    return {**record, "properties": {**record["properties"], **properties}}


# The finder runs no step: its steps leave out the facilitator's text of every protocol.
FINDER_STEP_DATA = _with(STEP_DATA, facilitator=_data("Null: the finder runs no step.", {"type": "null"}))
FINDER_PROTOCOL_DATA = _with(PROTOCOL_DATA, steps=_list_data("The steps, in order.", FINDER_STEP_DATA, min_items=1))

FINDER_DATA = _record_data(
    "The finder's page: every protocol and what the finder offers to choose by.",
    purposes=_list_data("Every purpose tag, in the vocabulary's order.", TAG_DATA),
    samples=_list_data("Every kind of sample, in the vocabulary's order.", TAG_DATA),
    trust=_list_data("Every level of trust, lowest first.", TRUST_DATA),
    planner=_data("The planner's page, relative to the finder's.", _WORDS),
    protocols=_list_data("Every protocol, in the library's order.", FINDER_PROTOCOL_DATA),
)

PLANNER_DATA = _record_data(
    "The planner's page: every protocol.",
    protocols=_list_data("Every protocol, in the library's order.", PROTOCOL_DATA),
)

# Each data attribute a page may carry, and the shape of what it holds.
RECORDS_DATA = _data("The Meeting records page (docs/meetings.md), relative to the page that embeds this data: "
                     "the step timer and the planner hand it to the chart paper, which links a meeting's record there.", _WORDS)

PAGE_DATA = {"data-timer": PROTOCOL_DATA, "data-finder": FINDER_DATA, "data-planner": PLANNER_DATA, "data-records": RECORDS_DATA}
