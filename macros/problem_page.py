"""The page `dev.py serve` shows in place of every page while a protocol file is broken.

The editor sees, in the browser they are looking at, what the build would have printed;
live reload brings the handbook back once the files are fixed. Every value is escaped:
a problem quotes what it found in the file.
"""

from __future__ import annotations

from html import escape

from .validate import Problem


def problem_page(problems: list[Problem]) -> str:
    """Markdown for a page listing every problem: file and line, field, found, expected."""
    files = len({problem.file for problem in problems})
    items = "\n".join(
        "<li>"
        f'<p class="lsw-problem__where"><code>{escape(problem.file)}:{problem.line}</code> · <code>{escape(problem.path)}</code></p>'
        f"<p><strong>Found:</strong> {escape(problem.found)}</p>"
        f"<p><strong>Expected:</strong> {escape(problem.expected)}</p>"
        "</li>"
        for problem in problems
    )
    return (
        "# The handbook cannot be built yet\n\n"
        f'<p class="lsw-problems__count" role="alert">{len(problems)} problem(s) in {files} file(s). '
        "Fix them and save: this page turns back into the handbook by itself.</p>\n\n"
        f'<ol class="lsw-problems">\n{items}\n</ol>\n\n'
        "List items are counted from 1: <code>steps[2]</code> is the second step. "
        "The same list is printed where <code>python3 dev.py serve</code> runs.\n"
    )
