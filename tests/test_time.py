"""News time: dates in articles resolved against the publication date, stated absolutely in answers;
timelines; story threads; no passage later than the as-of date."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from index.eventdates import absolute, event_dates
from tests.conftest import ingest_rows

TUESDAY = date(2024, 3, 26)


@pytest.mark.parametrize(("text", "expected"), [
    ("Service resumed on Monday after repairs.", date(2024, 3, 25)),
    ("The vote took place on Tuesday.", date(2024, 3, 26)),
    ("Officials said yesterday that", date(2024, 3, 25)),
    ("The deal was signed on March 5.", date(2024, 3, 5)),
    ("The deal was signed on 5 March.", date(2024, 3, 5)),
    ("Talks began on December 12.", date(2023, 12, 12)),  # not nine months ahead: last December
    ("It opened on March 5, 2019.", date(2019, 3, 5)),
    ("It opened on 5 March 2019.", date(2019, 3, 5)),
    ("The plant closed in August 2013.", date(2013, 8, 1)),
    ("Filed 2021-06-30 in court.", date(2021, 6, 30)),
    ("Officials said on Saturday that", date(2024, 3, 23)),  # a past Saturday
    ("The minister said in a press conference on Wednesday that", date(2024, 3, 27)),  # the day after: a time
    # zone ahead, never six days back
    ("The city will start restrictions on Friday.", date(2024, 3, 29)),  # announced: the coming Friday
    ("The talks ended last Tuesday.", date(2024, 3, 19)),  # "last": the week before, not today
])
def test_event_dates_resolve_against_the_publication_date(text: str, expected: date) -> None:
    [found] = event_dates(text, TUESDAY)
    assert found.day == expected and text[found.start:found.end] == found.phrase


def test_relative_dates_need_a_publication_date_and_absolute_ones_do_not() -> None:
    assert event_dates("It resumed on Monday.", None) == []
    assert [d.day for d in event_dates("It opened on March 5, 2019.", None)] == [date(2019, 3, 5)]
    assert absolute("on Monday", TUESDAY) == "on Monday, 25 March 2024"
    assert absolute("March 5, 2019", TUESDAY) == "March 5, 2019"  # already absolute
    assert absolute("in August 2013", TUESDAY) == "in August 2013"
    # a month and day get the year they resolve to, not the day and month a second time
    assert absolute("after August 31", TUESDAY) == "after August 31, 2024"
    assert absolute("by the 2nd of January", TUESDAY) == "by the 2nd of January 2024"
    assert absolute("on December 12", TUESDAY) == "on December 12, 2023"
    # the sentence before a weekday may put it ahead, however long the words between
    before = "The uncrewed Artemis I mission will get another attempt at launching on a journey around the moon on "
    assert absolute("Saturday", TUESDAY, before) == "Saturday, 30 March 2024"
    assert absolute("Saturday", TUESDAY, "The first attempt was scrubbed on ") == "Saturday, 23 March 2024"


def test_a_when_question_gets_an_absolute_date(isolated_home: Path, tmp_path: Path) -> None:
    from qa import Newsdesk

    ingest_rows(tmp_path, [{
        "id": "ferry", "title": "Pier 4 ferry back in service", "source": "Bay Courier", "published": "2024-03-26",
        "text": "Ferry service from Pier 4 resumed on Monday after three weeks of storm repairs. The port "
                "authority said the new pontoon cost 2.3 million dollars."}])
    a = Newsdesk().ask("When did ferry service resume from Pier 4?")
    assert a.answerable and a.short_answer == "Monday, 25 March 2024"
    assert a.text.startswith("Monday, 25 March 2024 [1].")
    assert a.notes == []  # no as-of date: nothing to be stale against
    assert Newsdesk().ask("When did ferry service resume from Pier 4?", as_of="2024-04-10").notes == []
    late = Newsdesk().ask("When did ferry service resume from Pier 4?", as_of="2024-06-30")
    assert late.answerable and late.notes == [
        "The newest article cited is from 26 March 2024, 96 days before the as-of date (30 June 2024): "
        "later reports may have changed this."]



def test_evidence_long_before_the_as_of_date_lowers_the_confidence(isolated_home: Path, tmp_path: Path) -> None:
    from qa import Newsdesk
    from qa.evidence import staleness

    assert 0.2 < staleness(date(2024, 3, 26), None) == staleness(None, None) < 0.3  # unknown: a typical age
    assert staleness(date(2024, 3, 26), date(2024, 3, 26)) == 0.0
    assert 0.3 < staleness(date(2024, 3, 26), date(2024, 4, 2)) < staleness(date(2024, 3, 26), date(2024, 4, 26)) < 1
    assert staleness(date(2020, 1, 1), date(2024, 3, 26)) == 1.0
    ingest_rows(tmp_path, [{
        "id": "ferry", "title": "Pier 4 ferry back in service", "source": "Bay Courier", "published": "2024-03-26",
        "text": "Ferry service from Pier 4 resumed on Monday after three weeks of storm repairs."}])
    q = "When did ferry service resume from Pier 4?"
    fresh, old = Newsdesk().ask(q, as_of="2024-03-27"), Newsdesk().ask(q, as_of="2025-06-30")
    assert fresh.signals["stale"] < 0.2 and old.signals["stale"] == 1.0
    assert fresh.confidence > old.confidence
    undated = Newsdesk().ask(q)
    assert undated.signals["stale"] == staleness(None, None) and old.confidence < undated.confidence < fresh.confidence


BRIDGE = [
    {"id": "b1", "title": "Council approves Harbor Bridge repairs", "source": "City Post", "published": "2024-03-04",
     "text": "The city council approved repairs to the Harbor Bridge on Monday. Mayor Ana Ruiz said the work "
             "would cost 40 million dollars."},
    {"id": "b1-copy", "title": "Council approves Harbor Bridge repairs", "source": "Wire Daily",
     "published": "2024-03-04",
     "text": "The city council approved repairs to the Harbor Bridge on Monday. Mayor Ana Ruiz said the work "
             "would cost 40 million dollars, officials confirmed."},
    {"id": "b2", "title": "Harbor Bridge closes for repairs", "source": "City Post", "published": "2024-03-20",
     "text": "The Harbor Bridge closed to traffic on Tuesday as repair crews moved in. Mayor Ana Ruiz asked "
             "drivers to use the ferry."},
    {"id": "b3", "title": "Harbor Bridge reopens early", "source": "Bay Courier", "published": "2024-04-30",
     "text": "The Harbor Bridge reopened on Monday, two weeks ahead of schedule. Mayor Ana Ruiz thanked the "
             "repair crews."},
    {"id": "run", "title": "Harbor Bridge Run draws 5,000 runners", "source": "Bay Courier", "published": "2024-03-25",
     "text": "Mayor Ana Ruiz fired the starting gun of the Harbor Bridge Run on Sunday, a charity race that 5,000 "
             "runners finished."},  # the same names, another event: not a follow-up
    {"id": "zoo", "title": "Zoo welcomes panda cub", "source": "City Post", "published": "2024-03-21",
     "text": "The city zoo welcomed a panda cub on Wednesday. Keepers said mother and cub were healthy."},
]


@pytest.fixture
def bridge_home(isolated_home: Path, tmp_path: Path) -> Path:
    ingest_rows(tmp_path, BRIDGE)
    return isolated_home


def test_a_timeline_is_dated_ordered_cited_and_stops_at_as_of(bridge_home: Path) -> None:
    from qa import Newsdesk
    from tests.conftest import run_cli

    desk = Newsdesk()
    tl = desk.timeline("Harbor Bridge repairs")
    dates = [e.date for e in tl.entries]
    assert dates == sorted(dates) and "2024-03-04" in dates  # "on Monday" in an article of Monday 4 March
    assert {"2024-03-19", "2024-04-29"} <= set(dates)  # Tuesday before 20 March; Monday before 30 April
    assert all("zoo" not in c.article_id for e in tl.entries for c in e.citations)
    first = next(e for e in tl.entries if e.date == "2024-03-04" and "approved" in e.text)
    assert first.dated_by == "text" and {c.source for c in first.citations} == {"City Post"}  # one story, once
    for e in tl.entries:
        for c in e.citations:
            assert c.quote in c.passage and c.published <= "2024-04-30"
    early = desk.timeline("Harbor Bridge repairs", as_of="2024-03-25")
    assert early.entries and max(e.date for e in early.entries) <= "2024-03-25"
    assert all(c.published <= "2024-03-25" for e in early.entries for c in e.citations)
    out = json.loads(run_cli("timeline", "Harbor Bridge repairs", "--json").stdout)
    assert out["query"] == "Harbor Bridge repairs" and [e["date"] for e in out["entries"]] == dates
    assert set(out["entries"][0]["citations"][0]) >= {"number", "article_id", "title", "source", "published",
                                                      "url", "quote", "start", "end"}
    a = desk.ask("How did the Harbor Bridge repairs unfold?")
    assert a.answerable and a.text.splitlines()[0].startswith("2024-03-04: ") and len(a.claims) >= 3


def test_a_story_lists_copies_and_follow_ups_in_order(bridge_home: Path) -> None:
    from tests.conftest import run_cli

    out = json.loads(run_cli("story", "b2", "--json").stdout)
    kinds = {a["id"]: a["kind"] for a in out["articles"]}
    assert out["story_id"] == "b2" and kinds["b2"] == "original"
    assert kinds.get("b1") == "earlier" and kinds.get("b3") == "follow-up" and "zoo" not in kinds
    assert "run" not in kinds  # it names the bridge and the mayor, but reads as another event
    copies = json.loads(run_cli("story", "b1-copy", "--json").stdout)
    assert copies["story_id"] == "b1" and {a["id"]: a["kind"] for a in copies["articles"]}["b1-copy"] == "copy"
    dates = [a["published"] for a in out["articles"]]
    assert dates == sorted(dates)


def test_event_dates_beat_publication_dates_on_the_labelled_sentences() -> None:
    from eval.time_eval import event_date_accuracy

    r = event_date_accuracy()
    assert r["n"] >= 25
    assert r["accuracy"] >= r["publication_date_accuracy"] + 0.4  # measured: 0.897 against 0.310


FIRE = [
    {"id": "f1", "title": "Warehouse fire in Eastport kills 12", "source": "Eastport Herald", "published": "2024-05-06",
     "text": "A fire at a textile warehouse in Eastport killed 12 people on Sunday, fire officials said. Crews "
             "fought the blaze for nine hours before bringing it under control."},
    {"id": "f2", "title": "Eastport warehouse fire death toll rises", "source": "Coastal Wire", "published": "2024-05-08",
     "text": "The death toll from the Eastport warehouse fire rose to 19 people on Tuesday after rescuers searched "
             "the collapsed upper floors, fire officials said. The cause is still under investigation."},
]


def test_a_later_figure_supersedes_an_earlier_one_as_of_the_question(isolated_home: Path, tmp_path: Path) -> None:
    from qa import Newsdesk

    ingest_rows(tmp_path, FIRE)
    q = "How many people died in the Eastport warehouse fire?"
    now = Newsdesk().ask(q)
    assert now.answerable and now.short_answer == "19", now.text
    earlier = [c for c in now.claims if c.kind == "earlier"]
    assert [c.text for c in earlier] == ["Earlier reports said 12"]
    cited = {c.number: c for c in now.citations}
    assert "12 people" in cited[earlier[0].citations[0]].quote and cited[earlier[0].citations[0]].article_id == "f1"
    assert "19" in cited[now.claims[0].citations[0]].quote
    assert "Earlier reports said 12 [" in now.text
    then = Newsdesk().ask(q, as_of="2024-05-07")  # before the later report: its figure, nothing replaced
    assert then.short_answer == "12" and not any(c.kind == "earlier" for c in then.claims)
    assert all(c.article_id == "f1" for c in then.citations)


ACME = [
    {"id": "o1", "title": "Acme names Jane Porter chief executive", "source": "Business Wire",
     "published": "2024-01-10", "text": "Acme Corp named Jane Porter as its chief executive on Tuesday, the company "
                                        "said. Porter joined Acme in 2015 and ran its European business."},
    {"id": "o2", "title": "Acme gets a new chief executive", "source": "City Post", "published": "2024-06-03",
     "text": "Acme Corp named Tom Reyes as its new chief executive on Monday, the company said. Reyes previously "
             "led the firm's logistics unit."},
]


def test_a_later_officeholder_supersedes_an_earlier_one_as_of_the_question(isolated_home: Path,
                                                                           tmp_path: Path) -> None:
    from qa import Newsdesk

    ingest_rows(tmp_path, ACME)
    q = "Who is the chief executive of Acme Corp?"
    now = Newsdesk().ask(q)
    assert now.answerable and now.short_answer == "Tom Reyes", now.text
    assert [c.text for c in now.claims if c.kind == "earlier"] == ["Earlier reports said Jane Porter"]
    cited = {c.number: c for c in now.citations}
    assert cited[1].article_id == "o2", "the newest report leads the evidence"
    assert now.text.startswith("Tom Reyes [1]. Earlier reports said Jane Porter [2].")
    then = Newsdesk().ask(q, as_of="2024-02-01")
    assert then.short_answer == "Jane Porter" and not any(c.kind == "earlier" for c in then.claims)
    assert all(c.article_id == "o1" for c in then.citations)


@pytest.mark.parametrize(("question", "changes"), [
    ("Who is the chief executive of Acme Corp?", True),
    ("Who is Britain's prime minister?", True),
    ("Who leads the Labour party?", True),
    ("How many people died in the fire?", True),
    ("Who won the Harbor City marathon?", False),
    ("Who does she replace?", False),
    ("Which tennis star won the Australian Open?", False),
])
def test_only_questions_about_what_changes_take_a_later_answer(question: str, changes: bool) -> None:
    from qa.question import analyse

    assert analyse(question).changes is changes


def test_a_one_off_result_is_not_superseded_by_a_later_report_naming_someone_else(isolated_home: Path,
                                                                                  tmp_path: Path) -> None:
    from qa import Newsdesk

    ingest_rows(tmp_path, [
        {"id": "m1", "title": "Lopez wins Harbor City marathon", "source": "City Post", "published": "2024-03-04",
         "text": "Maria Lopez won the Harbor City marathon on Sunday, race organisers said."},
        {"id": "m2", "title": "Berg wins Harbor City charity run", "source": "Bay Courier", "published": "2024-03-11",
         "text": "Anna Berg won the Harbor City marathon charity run on Sunday, race organisers said."},
    ])
    answer = Newsdesk().ask("Who won the Harbor City marathon?")
    assert not any(c.kind == "earlier" for c in answer.claims), answer.text


BUDGET = [
    {"id": "later", "title": "Harbor budget, a month on", "source": "City Post", "published": "2024-04-10",
     "text": "Looking back: the Harbor council approved the budget of 40 million dollars on 5 March 2024 after a "
             "long debate over the bridge repairs."},
    {"id": "then", "title": "Harbor council passes budget", "source": "Bay Courier", "published": "2024-03-06",
     "text": "The Harbor council approved the city budget yesterday, with 40 million dollars for the bridge."},
    {"id": "after", "title": "Harbor council to debate next budget", "source": "City Post", "published": "2024-06-02",
     "text": "The Harbor council will debate the next budget in September, officials said on Sunday."},
]


def test_event_time_and_publication_time_in_questions(isolated_home: Path, tmp_path: Path) -> None:
    import sqlite3

    from index.settings import Settings
    from qa import Newsdesk

    ingest_rows(tmp_path, BUDGET)
    desk = Newsdesk()
    events = desk.catalog.chunk_events(desk.settings.index_key, desk.catalog.chunk_ids(desk.settings.index_key, "later")
                                       + desk.catalog.chunk_ids(desk.settings.index_key, "then"))
    assert sorted(e for v in events.values() for e in v or []) == ["2024-03-05", "2024-03-05"]  # kept at ingest
    # what happened in March: the report of April that dates it counts, first with the one of March
    f = desk.filters("What did the Harbor council approve in March 2024?")
    assert (f.event_since, f.event_until, f.until) == (date(2024, 3, 1), date(2024, 3, 31), None)
    found = [p.article_id for p in desk.search("What did the Harbor council approve in March 2024?", k=3)]
    assert set(found[:2]) == {"later", "then"} and found[2] == "after"
    a = desk.ask("What did the Harbor council approve in March 2024?")
    assert a.answerable and {c.article_id for c in a.citations} <= {"later", "then"}
    # what was published in March: a publication date range, as before
    f = desk.filters("Which articles from March 2024 mention the Harbor council budget?")
    assert (f.since, f.until, f.event_since) == (date(2024, 3, 1), date(2024, 3, 31), None)
    assert [p.article_id for p in desk.search("Which articles from March 2024 mention the Harbor council budget?")] \
        == ["then"]
    # a catalog from before event dates were kept opens, gains the column, and still ranks by publication day
    desk.catalog.close()
    db = sqlite3.connect(Settings().catalog_path)
    db.execute("ALTER TABLE chunks DROP COLUMN events")
    db.commit()
    db.close()
    old = Newsdesk()
    assert all(v is None for v in old.catalog.chunk_events(old.settings.index_key, list(events)).values())
    assert old.search("What did the Harbor council approve in March 2024?", k=1)[0].article_id == "then"


def test_the_month_and_weekday_patterns_take_every_name() -> None:
    from index.eventdates import _DAYS, _MONTHS, MONTH, WEEKDAY

    assert all(re.fullmatch(MONTH, name, re.I) for name in _MONTHS)
    assert all(re.fullmatch(WEEKDAY, name.title(), re.I) for name in _DAYS)
    assert not re.fullmatch(MONTH, "marathon", re.I)
