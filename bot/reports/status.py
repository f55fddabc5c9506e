"""The status page: the latest run, the definition in force, update requests, each wiki.

Organizers look here first when the results seem wrong: what the run saw and wrote, why
their edit to the definition is not in force (every problem, at the revision that has
it), whether their update request ran. Problems, definition problems and user names
come from wiki users or from wikis' error texts, so they are escaped like everything
else the bot shows.

What the page says besides counts and times (``status_facts``) decides when it is
edited at once; the rest alone only at most hourly (see bot.publishing.results).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.reports.messages import Messages
from bot.reports.phrases import utc_minute
from bot.reports.results import WikiStateLike
from bot.reports.sections import paragraphs
from bot.reports.wikitext import link, plain, table


@dataclass(frozen=True, slots=True)
class DefinitionNote:
    """The contest's definition as this run found it."""

    source: str  # a file path, or "family:code:Title" of a wiki page
    revision: int | None  # the revision in force (None for files)
    error_revision: int | None  # the latest revision when it is invalid (None: valid, or a file)
    problems: tuple[str, ...]  # why the latest text is not in force; empty when it is


@dataclass(frozen=True, slots=True)
class RequestNote:
    """An edit of the update page asking for a run now."""

    user: str
    at: datetime
    revision: int
    allowed: bool  # False: ignored, the user is not an organizer or a juror


@dataclass(frozen=True, slots=True)
class RunReport:
    """What the run did so far, for the status page; built by the pipeline before writing."""

    started_at: datetime
    entries: int
    accepted: int
    review: int
    edits: int
    problems: tuple[str, ...]
    definition: DefinitionNote | None
    requests: tuple[RequestNote, ...]


def render_status(
    wikis: Sequence[WikiStateLike],
    checked_at: datetime,
    messages: Messages,
    link_prefix: Mapping[str, str],
    report: RunReport | None = None,
    *,
    rendered_at: datetime | None = None,
    home: str = "",
) -> str:
    """The status page's block: when checked, the run (when ``report`` is given) and when
    each wiki was last checked and last read in full, and why not when it failed.

    ``link_prefix`` links each wiki's key to its main page (a wiki without one is named);
    ``rendered_at`` ends the run's duration (default ``checked_at``); ``home`` is the
    "family:code:" of the page's own wiki, whose pages and revisions are linked.
    """
    never = messages.text("status-never")
    rows = [
        (
            link(link_prefix.get(w.wiki, ""), "", w.wiki),
            utc_minute(w.last_checked_at) if w.last_checked_at else never,
            utc_minute(w.last_success_at) if w.last_success_at else never,
            "" if w.error is None else plain(w.error),
        )
        for w in sorted(wikis, key=lambda w: w.wiki)
    ]
    headers = [messages.text(key) for key in ("column-wiki", "column-last-checked",
                                              "column-last-success", "column-error")]
    run = [] if report is None else _Run(report, messages, home).parts(rendered_at or checked_at)
    return paragraphs(messages.text("status-checked", date=utc_minute(checked_at)), *run,
                      table(messages.text("caption-status"), headers, rows))


def status_facts(wikis: Sequence[WikiStateLike], report: RunReport | None) -> str:
    """What the page says that must reach readers at once: which wikis fail and why, the
    definition in force and its error, and the latest ignored update request."""
    lines = [f"wiki\t{w.wiki}\t{w.error or ''}" for w in sorted(wikis, key=lambda w: w.wiki)]
    if report is not None and (note := report.definition) is not None:
        lines.append(f"definition\t{note.source}\t{note.revision}\t{note.error_revision}")
        lines += [f"problem\t{problem}" for problem in note.problems]
    if report is not None and (ignored := [r for r in report.requests if not r.allowed]):
        latest = max(ignored, key=_request_order)
        lines.append(f"ignored\t{latest.user}\t{latest.revision}\t{_utc(latest.at).isoformat()}")
    return "\n".join(lines)


# Up to this long, a run's duration is shown in seconds; from there on in minutes.
_SECONDS_UP_TO = 120


class _Run:
    """The parts about one run: its figures, problems, definition and update requests."""

    def __init__(self, report: RunReport, messages: Messages, home: str) -> None:
        self.report, self.messages, self.home = report, messages, home
        self.text = messages.text

    def parts(self, rendered_at: datetime) -> list[str]:
        return [self.figures(rendered_at), self.problems(), *self.definition(),
                self.requests()]

    def figures(self, rendered_at: datetime) -> str:
        report = self.report
        seconds = max(0, int((rendered_at - report.started_at).total_seconds()))
        duration = (self.text("status-seconds", count=seconds) if seconds < _SECONDS_UP_TO
                    else self.text("status-minutes", count=seconds // 60))
        return self.text(
            "status-run", date=utc_minute(report.started_at), duration=duration,
            entries=self.text("summary-entries", count=report.entries),
            accepted=self.text("summary-accepted", count=report.accepted),
            review=self.text("summary-review", count=report.review),
            edits=self.text("status-edits", count=report.edits))

    def problems(self) -> str:
        if not self.report.problems:
            return self.text("status-no-problems")
        return _listed(self.text("status-problems"), self.report.problems)

    def definition(self) -> list[str]:
        note = self.report.definition
        if note is None:
            return []
        source = self.page(note.source)
        shown = (self.text("status-definition-file", source=source) if note.revision is None
                 else self.text("status-definition", source=source,
                                revision=self.revision(note.source, note.revision)))
        if not note.problems:
            return [shown]
        count = len(note.problems)
        invalid = (self.text("status-definition-invalid-file", count=count)
                   if note.error_revision is None
                   else self.text("status-definition-invalid", count=count,
                                  revision=self.revision(note.source, note.error_revision)))
        return [shown, _listed(invalid, note.problems)]

    def requests(self) -> str:
        if not self.report.requests:
            return ""
        items = []
        for request in sorted(self.report.requests, key=_request_order, reverse=True):
            # The update page is on the status page's wiki: its diff is a local link.
            at = f"[[Special:Diff/{request.revision}|{utc_minute(request.at)}]]"
            key = "status-request-ran" if request.allowed else "status-request-ignored"
            items.append(f"* {self.text(key, user=plain(request.user), date=at)}")
        return "\n".join([self.text("status-requests"), *items])

    def local_title(self, source: str) -> str | None:
        """The title of ``source`` when it is a page of the status page's own wiki."""
        if self.home and source.startswith(self.home) and len(source) > len(self.home):
            return source[len(self.home):]
        return None

    def page(self, source: str) -> str:
        title = self.local_title(source)
        return plain(source) if title is None else link("", title, title)

    def revision(self, source: str, revision: int) -> str:
        number = str(revision)  # an id, not an amount: no group separators
        if self.local_title(source) is None:
            return number
        return f"[[Special:PermanentLink/{revision}|{number}]]"


def _listed(heading: str, items: Sequence[str]) -> str:
    """A line and its items as a bulleted list; the items are escaped."""
    return "\n".join([heading, *(f"* {plain(item)}" for item in items)])


def _request_order(request: RequestNote) -> tuple[datetime, int]:
    return _utc(request.at), request.revision


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
