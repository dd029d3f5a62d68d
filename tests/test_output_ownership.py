"""An output option replaces only what afterview wrote: never an input, a user's file or a file it cannot name.

Every refusal comes before anything is written, the ICS format's helper files included.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

NOW = "2026-11-19T08:00-05:00"
NOT_OURS = ("{}: this file exists and afterview did not write it; writing here would replace it\n"
            "  hint: remove the file first if you mean to replace it, or choose another name\n")
NO_FOLDER = ("{}: cannot write here: No such file or directory\n"
             "  hint: check that the folder exists and that you may write to it\n")


def journal(afterview_cli: Any, *slugs: str) -> Path:
    """A journal in ``j`` holding acme.yaml once per slug (the same facts each time)."""
    for slug in slugs:
        result = afterview_cli("add", "acme.yaml", "--slug", slug, "--journal", "j")
        assert result.code == 0, result.err
    return Path("j")


def folder_names(folder: str | Path = ".") -> list[str]:
    return sorted(os.listdir(folder))


# ---- -o onto an input (item 1) ----

def test_calendar_refuses_to_write_over_a_journal_entry(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer")
    entry = Path("j/acme-data-engineer.yaml")
    before, names = entry.read_bytes(), folder_names("j")
    result = afterview_cli("calendar", "-o", str(entry), "--journal", "j", "--now", NOW)
    assert (result.code, result.err) == (
        2, f"-o: '{entry}' is also an input ({entry}); writing there would replace it\n"
           "  hint: write to another file, or to stdout with '-o -'\n")
    assert entry.read_bytes() == before
    assert folder_names("j") == names  # no helper files either
    status = afterview_cli("status", "--journal", "j", "--now", NOW)
    assert status.code == 0, status.err


def test_calendar_refuses_an_archived_entry(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer", "acme-old")
    assert afterview_cli("archive", "acme-old", "--journal", "j").code == 0
    archived = Path("j/archive/acme-old.yaml")
    before = archived.read_bytes()
    result = afterview_cli("calendar", "-o", str(archived), "--journal", "j", "--now", NOW)
    assert result.code == 2 and result.err.startswith(f"-o: '{archived}' is also an input ({archived})")
    assert archived.read_bytes() == before


# ---- -o onto a file afterview did not write (item 4) ----

def test_plan_refuses_a_users_file_and_writes_no_helper_files(afterview_cli: Any, acme: Path) -> None:
    Path("w").mkdir()
    Path("w/notes.txt").write_text("important notes\n")
    for fmt in ("ics", "checklist", "json", "markdown"):
        result = afterview_cli("plan", "acme.yaml", "-f", fmt, "-o", "w/notes.txt", "--now", NOW)
        assert (result.code, result.err) == (1, NOT_OURS.format("w/notes.txt"))
    assert Path("w/notes.txt").read_text() == "important notes\n"
    assert folder_names("w") == ["notes.txt"]


def test_calendar_refuses_a_calendar_another_program_wrote(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer")
    theirs = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nEND:VCALENDAR\r\n"
    Path("mine.ics").write_bytes(theirs)
    result = afterview_cli("calendar", "-o", "mine.ics", "--journal", "j", "--now", NOW)
    assert (result.code, result.err) == (1, NOT_OURS.format("mine.ics"))
    assert Path("mine.ics").read_bytes() == theirs
    assert not Path("mine.ics.state.json").exists() and not Path("mine.ics.texts.json").exists()


def test_each_format_replaces_afterviews_own_output_and_an_empty_file(afterview_cli: Any, acme: Path) -> None:
    Path("out").write_bytes(b"")
    for fmt in ("checklist", "markdown", "json", "ics", "checklist", "json", "json"):
        result = afterview_cli("plan", "acme.yaml", "-f", fmt, "-o", "out", "--now", NOW)
        assert result.code == 0, (fmt, result.err)
    assert json.loads(Path("out").read_text())["plans"][0]["application"]["company"] == "Acme"


def test_a_missing_folder_is_named_as_given_not_as_a_helper_file(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer")
    result = afterview_cli("calendar", "-o", "nodir/x.ics", "--journal", "j", "--now", NOW)
    assert (result.code, result.err) == (1, NO_FOLDER.format("nodir/x.ics"))
    result = afterview_cli("plan", "acme.yaml", "-f", "ics", "-o", "nodir/x.ics", "--now", NOW)
    assert (result.code, result.err) == (1, NO_FOLDER.format("nodir/x.ics"))
    assert not Path("nodir").exists()


def test_a_state_file_that_cannot_be_written_names_the_calendar(afterview_cli: Any, acme: Path) -> None:
    Path("cal.ics.state.json").mkdir()  # something in the state file's place
    result = afterview_cli("plan", "acme.yaml", "-f", "ics", "-o", "cal.ics", "--now", NOW)
    assert (result.code, result.err) == (
        1, "cal.ics: cannot write the calendar's state file beside it, cal.ics.state.json: Is a directory\n"
           "  hint: check that the folder exists and that you may write to it\n")
    assert not Path("cal.ics").exists()


def test_a_users_file_where_a_helper_file_goes_is_never_replaced(afterview_cli: Any, acme: Path) -> None:
    Path("cal.ics.texts.json").write_text("my own notes\n")
    result = afterview_cli("plan", "acme.yaml", "-f", "ics", "-o", "cal.ics", "--now", NOW)
    assert (result.code, result.err) == (1, NOT_OURS.format("cal.ics.texts.json"))
    assert folder_names() == ["acme.yaml", "cal.ics.texts.json"]
    assert Path("cal.ics.texts.json").read_text() == "my own notes\n"


def test_calendar_to_stdout_leaves_no_helper_files(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer")
    result = afterview_cli("calendar", "-o", "-", "--journal", "j", "--now", NOW)
    assert (result.code, result.err) == (0, "wrote 1 application to -\n")
    assert len(uids(result.out.encode())) == 9
    assert folder_names() == ["acme.yaml", "j"]


def test_calendar_onto_a_folder_is_named_and_leaves_no_helper_files(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer")
    Path("cal").mkdir()
    result = afterview_cli("calendar", "-o", "cal", "--journal", "j", "--now", NOW)
    assert (result.code, result.err) == (1, "cal: cannot write here: Is a directory\n"
                                            "  hint: check that the folder exists and that you may write to it\n")
    assert folder_names() == ["acme.yaml", "cal", "j"]


# ---- schema --write (item 3) ----

def test_schema_write_refuses_a_users_schema_and_writes_none(afterview_cli: Any, afterview_project: Any) -> None:
    Path("myschemas").mkdir()
    Path("myschemas/facts.schema.json").write_text('{"my": "own schema"}\n')
    result = afterview_cli("schema", "--write", "myschemas")
    assert (result.code, result.err) == (
        1, "myschemas/facts.schema.json: this file exists and afterview did not write it; writing here would "
           "replace it\n  hint: remove the file first if you mean to replace it, or write into another folder\n")
    assert folder_names("myschemas") == ["facts.schema.json"]
    assert Path("myschemas/facts.schema.json").read_text() == '{"my": "own schema"}\n'


def test_schema_write_replaces_its_own_schemas(afterview_cli: Any, afterview_project: Any) -> None:
    assert afterview_cli("schema", "--write", "s").code == 0
    result = afterview_cli("schema", "--write", "s", "--base-url", "https://careers.example.edu/guide")
    assert result.code == 0, result.err
    facts = json.loads(Path("s/facts.schema.json").read_text())
    assert facts["$id"] == "https://careers.example.edu/guide/schemas/facts.schema.json"
    assert folder_names("s") == ["facts.schema.json", "plan.schema.json", "ruleset-test.schema.json",
                                 "ruleset.schema.json"]


# ---- calendar UIDs (item 31) ----

def uids(raw: bytes) -> list[str]:
    return [str(c["UID"]) for c in Calendar.from_ical(raw).walk("VEVENT")]


def test_two_applications_with_the_same_facts_have_distinct_stable_uids(afterview_cli: Any, acme: Path) -> None:
    journal(afterview_cli, "acme-data-engineer", "acme-again")
    first = []
    for _ in range(2):
        result = afterview_cli("calendar", "-o", "j8.ics", "--journal", "j", "--now", NOW)
        assert result.code == 0, result.err
        found = uids(Path("j8.ics").read_bytes())
        assert len(found) == len(set(found)) == 18
        first = first or found
    assert found == first  # a re-run keeps every UID


def test_plan_of_two_copies_gives_distinct_uids_and_one_file_twice_is_refused(afterview_cli: Any, acme: Path) -> None:
    Path("acme-copy.yaml").write_bytes(acme.read_bytes())
    result = afterview_cli("plan", "acme.yaml", "acme-copy.yaml", "-f", "ics", "--now", NOW)
    assert result.code == 0, result.err
    found = uids(result.out.encode())
    assert len(found) == len(set(found)) == 18
    result = afterview_cli("plan", "acme.yaml", "acme.yaml", "-f", "ics", "--now", NOW)
    assert (result.code, result.err) == (
        1, "acme.yaml: given twice: a calendar would hold its events twice, and calendar clients keep only one of "
           "each\n  hint: give each application its own file name (the name keeps their events apart), or leave "
           "the copy out\n")


# ---- site build: files someone added to the site folder (item 2) ----

@pytest.mark.slow
def test_a_rebuild_keeps_files_afterview_did_not_write(afterview_cli: Any, afterview_project: Any) -> None:
    ruleset = str(Path(__file__).parents[1] / "rulesets" / "default.yaml")
    build = ("site", "build", "--ruleset", ruleset, "--content", "content", "-o", "public")
    Path("content").mkdir()
    assert afterview_cli(*build).code == 0
    Path("public/CNAME").write_text("careers.example.edu\n")
    Path("public/.git/objects").mkdir(parents=True)
    Path("public/.git/objects/ab").write_text("object\n")
    Path("public/rules/notes.txt").write_text("mine\n")
    result = afterview_cli(*build)
    assert result.code == 0, result.err
    assert Path("public/CNAME").read_text() == "careers.example.edu\n"
    assert Path("public/.git/objects/ab").read_text() == "object\n"
    assert Path("public/rules/notes.txt").read_text() == "mine\n"
    assert "CNAME\n" not in Path("public/.afterview-files").read_text()  # still the user's, on every rebuild
    # A new page where a kept folder is: refused, and the live site (with the user's file) stays as it was.
    Path("public/extra").mkdir()
    Path("public/extra/index.html").write_text("my page\n")
    Path("content/extra.md").write_text("# Extra\n")
    before = sorted(p.relative_to("public").as_posix() for p in Path("public").rglob("*"))
    result = afterview_cli(*build)
    where = Path("public/extra").resolve()
    assert (result.code, result.err) == (
        1, f"{where}: afterview did not write this folder, and the new site has a page at this path\n"
           "  hint: move the folder out of the site folder (or rename it), then build again; the site was left "
           "as it was\n")
    assert sorted(p.relative_to("public").as_posix() for p in Path("public").rglob("*")) == before
    assert Path("public/extra/index.html").read_text() == "my page\n"
    assert [p.name for p in Path().iterdir() if p.name.startswith(".afterview")] == []


@pytest.mark.slow
def test_a_build_killed_mid_swap_leaves_someones_files_where_they_were(afterview_cli: Any,
                                                                        afterview_project: Any) -> None:
    import subprocess
    import sys

    ruleset = str(Path(__file__).parents[1] / "rulesets" / "default.yaml")
    build = ("site", "build", "--ruleset", ruleset, "-o", "public")
    assert afterview_cli(*build).code == 0
    Path("public/CNAME").write_text("careers.example.edu\n")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    old = Path(f".afterview-old-{child.pid}-public")
    Path("public").rename(old)  # what a build killed between swap's two renames leaves
    assert afterview_cli(*build).code == 0
    assert (old / "CNAME").read_text() == "careers.example.edu\n"  # not cleaned away as a leftover
    assert not Path("public/CNAME").exists()
