"""Every log line names its contest, wiki and run, and only its own thread's."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator

import pytest

from bot.logs import ContextFilter, contest_context, setup_logging, wiki_context

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?P<level>[A-Z]+) "
    r"\[(?P<contest>[^|]*)\|(?P<wiki>[^|]*)\|run (?P<run>[^\]]*)\] (?P<name>\S+): (?P<msg>.*)$"
)


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    alembic_level = logging.getLogger("alembic").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(alembic_level)


def labels() -> tuple[object, object, object]:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "m", None, None)
    ContextFilter().filter(record)
    return record.__dict__["contest"], record.__dict__["wiki"], record.__dict__["run"]


def test_outside_any_context_every_field_is_a_dash() -> None:
    assert labels() == ("-", "-", "-")


def test_contexts_nest_and_are_restored_on_exit() -> None:
    with contest_context("CEE Spring 2026", run=7):
        assert labels() == ("CEE Spring 2026", "-", 7)
        with wiki_context("pl"):
            assert labels() == ("CEE Spring 2026", "pl", 7)
        assert labels() == ("CEE Spring 2026", "-", 7)
        with contest_context("Other"):  # a contest without a run id yet: no stale run
            assert labels() == ("Other", "-", "-")
    assert labels() == ("-", "-", "-")


def test_a_context_is_restored_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), contest_context("C", run=1), wiki_context("uk"):
        raise RuntimeError
    assert labels() == ("-", "-", "-")


def test_values_given_with_extra_are_kept() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "m", None, None)
    record.wiki = "de"
    with wiki_context("pl"):
        ContextFilter().filter(record)
    assert record.__dict__["wiki"] == "de"


def test_a_thread_does_not_see_another_threads_context() -> None:
    # Two scheduler workers run two contests at once: each labels only its own lines.
    both_inside = threading.Barrier(2)
    seen: dict[str, tuple[object, object, object]] = {}

    def work(contest: str, wiki: str, run: int) -> None:
        with contest_context(contest, run=run), wiki_context(wiki):
            both_inside.wait(timeout=5)
            seen[contest] = labels()
            both_inside.wait(timeout=5)

    threads = [threading.Thread(target=work, args=("A", "pl", 1)),
               threading.Thread(target=work, args=("B", "uk", 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"A": ("A", "pl", 1), "B": ("B", "uk", 2)}


def test_a_thread_started_inside_a_context_starts_unlabelled() -> None:
    seen: list[tuple[object, object, object]] = []
    with contest_context("A", run=1), wiki_context("pl"):
        thread = threading.Thread(target=lambda: seen.append(labels()))
        thread.start()
        thread.join()
    assert seen == [("-", "-", "-")]


def test_setup_logging_writes_one_labelled_utc_line_per_event(
        capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("info")
    setup_logging("INFO")  # a second call replaces the handler instead of doubling lines
    log = logging.getLogger("bot.pipeline")
    with contest_context("CEE Spring 2026", run=42), wiki_context("pl"):
        log.info("read %d changes", 12)
    log.debug("not shown at INFO")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match.groupdict() == {"level": "INFO", "contest": "CEE Spring 2026", "wiki": "pl",
                                 "run": "42", "name": "bot.pipeline", "msg": "read 12 changes"}


def test_third_party_records_get_the_fields_too(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("DEBUG")
    logging.getLogger("pywikibot").info("Found 1 wikipedia:pl processes running")
    match = LINE.match(capsys.readouterr().err.strip())
    assert match and match["contest"] == "-" and match["run"] == "-"


def test_alembic_and_apscheduler_stay_at_warning() -> None:
    for chatty in ("alembic", "apscheduler"):
        setup_logging("DEBUG")
        assert logging.getLogger(chatty).level == logging.WARNING
        setup_logging("ERROR")
        assert logging.getLogger(chatty).level == logging.ERROR


def test_an_unknown_level_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown log level 'loud'"):
        setup_logging("loud")
