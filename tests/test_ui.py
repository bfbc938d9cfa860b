"""The web app without a browser: escaping, safe serving defaults, feedback, gradio_client API."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index.settings import Settings
from qa.types import Answer, Citation, Passage
from tests.conftest import run_cli, serving
from ui import render
from ui.app import read_auth, record_feedback

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _answer() -> Answer:
    passage = f"Intro. {EVIL} said the minister. End."
    quote_start = passage.index("<script>")
    c = Citation(number=1, article_id="a<b>", title=f"Title {EVIL}", source="<b>Outlet</b>", published="2020-01-01",
                 url="javascript:alert(1)", chunk_id="c1", quote=passage[quote_start:-5],
                 start=1000 + quote_start, end=1000 + len(passage) - 5, passage=passage, passage_start=1000,
                 also_reported_by=[{"id": "x", "source": "<i>Copy</i>", "url": "https://ok.example/a"}])
    return Answer(question="q", text=f"He said {EVIL} [1].", answerable=True, citations=[c], confidence=0.9,
                  passages=[Passage("c1", "a", "t", "s", "", "", passage, 1000, 1000 + len(passage))])


def test_everything_from_articles_is_escaped() -> None:
    a = _answer()
    for html_out in (render.answer_html(a), render.sources_html(a)):
        assert "<script>" not in html_out and "<img" not in html_out and "<b>Outlet" not in html_out
        assert "&lt;script&gt;" in html_out
    sources = render.sources_html(a)
    assert "javascript:" not in sources  # only http(s) links are linked
    assert '<mark class="nd-quote" id="nd-cite-1"' in sources and "https://ok.example/a" in sources
    assert 'href="#nd-a0-ref-1"' in render.answer_html(a)
    whole = render.sources_html(a, articles={"a<b>": "x" * 1000 + f"Intro. {EVIL} said the minister. End."})
    assert "<script>" not in whole and "<img" not in whole and "Whole article" in whole


def _cite(n: int, article: str, published: str, quote: str) -> Citation:
    return Citation(number=n, article_id=article, title=f"T {article}", source="Wire", published=published,
                    url="", chunk_id=f"{article}-0", quote=quote, start=4, end=4 + len(quote),
                    passage=f"Hi. {quote} Bye.", passage_start=0)


def test_markers_preview_their_quote_and_cards_run_oldest_first_with_their_date() -> None:
    cites = [_cite(1, "new", "2024-05-08", "The toll rose to 19."), _cite(2, "old", "2024-05-06", "It killed 12.")]
    a = Answer(question="q", text="19 [1]. Earlier reports said 12 [2].", answerable=True, citations=cites,
               confidence=0.9, filters={"as_of": "2024-05-10"})
    chat = render.answer_html(a)
    assert 'title="T new · Wire · 2024-05-08\n“The toll rose to 19.”"' in chat
    panel = render.sources_html(a, articles={"old": "Hi. It killed 12. Bye."})
    assert panel.index("T old") < panel.index("T new")  # by date, not by citation number
    assert "2024-05-06, Monday (4 days before as of)" in panel and "2024-05-08, Wednesday (2 days before as of)" in panel
    assert panel.count("Whole article") == 1  # only where the stored text was given
    assert '<mark class="nd-quote"><sup>[2]</sup>It killed 12.</mark>' in panel


def test_each_answer_carries_its_own_sources_and_exports_as_markdown() -> None:
    a = _answer()
    shown = render.answer_html(a, "a3")
    assert 'href="#nd-a3-ref-1"' in shown and '<b class="nd-n">[1]</b>' in shown and "<details" in shown
    assert "<details" not in render.to_text(shown)  # kept out of the conversation memory
    md = render.export_markdown([a.as_dict(), {}], "2026-11-27 21:00")
    assert md.startswith("# newsdesk conversation (2026-11-27 21:00)")
    assert f"## 1. {a.question}" in md and "Sources:" in md and f"   > {a.citations[0].quote}" in md


def test_filter_chips_say_what_is_in_effect() -> None:
    assert render.filter_chips("", "", [], "") == ""
    chips = render.filter_chips("2013-01-01", "", ["RIA <Novosti>"], "2013-08-31")
    assert "since 2013-01-01" in chips and "as of 2013-08-31" in chips and "RIA &lt;Novosti&gt;" in chips


def test_chat_memory_gets_plain_text_back() -> None:
    shown = render.answer_html(_answer())
    assert render.to_text(shown).startswith("He said <script>window.__pwned=1</script>")
    assert render.to_text([{"type": "text", "text": "Russia&#x27;s view"}]) == "Russia's view"


def test_weak_evidence_is_shown_as_weak_and_kept_out_of_chat_memory() -> None:
    a = _answer()
    assert "Weak evidence" not in render.answer_html(a)
    a.confidence = 0.3
    shown = render.answer_html(a)
    assert shown.startswith('<span class="nd-weak">Weak evidence (confidence 0.30)')
    assert render.to_text(shown).startswith("He said")


def test_a_rewritten_follow_up_shows_what_was_searched() -> None:
    a = _answer()
    a.question, a.query = "and Poland?", "Poland <missile> defense"
    shown = render.answer_html(a)
    assert shown.startswith('<span class="nd-searched">Searched as: Poland &lt;missile&gt; defense</span>')
    assert render.to_text(shown).startswith("He said")  # kept out of the conversation memory


def test_refusal_shows_closest_passages() -> None:
    a = _answer()
    a.citations, a.answerable = [], False
    assert "Closest passages" in render.sources_html(a) and "&lt;script&gt;" in render.sources_html(a)


def test_serve_refuses_other_interfaces_without_auth(isolated_home: Path) -> None:
    r = run_cli("serve", "--host", "0.0.0.0", "--port", "7999", timeout=60)
    assert r.returncode == 2
    assert "NEWSDESK_AUTH=user:password" in r.stderr
    # an empty host falls to GRADIO_SERVER_NAME, which must not open all interfaces without auth
    r = run_cli("serve", "--host", "", "--port", "7999", env={"GRADIO_SERVER_NAME": "0.0.0.0"}, timeout=60)
    assert r.returncode == 2 and "refusing to listen on 0.0.0.0" in r.stderr
    r = run_cli("serve", "--host", "0.0.0.0", "--port", "7999", env={"NEWSDESK_AUTH": "no-such-file"}, timeout=60)
    assert r.returncode == 1 and "NEWSDESK_AUTH is neither user:password nor a readable file" in r.stderr
    assert "Traceback" not in r.stderr


def test_auth_settings(tmp_path: Path) -> None:
    assert read_auth("ann:secret") == [("ann", "secret")]
    f = tmp_path / "users"
    f.write_text("# users\nann:one\nbob:two\n")
    assert read_auth(str(f)) == [("ann", "one"), ("bob", "two")]
    f.write_text("ann\n")
    with pytest.raises(Exception, match="line 1: expected user:password"):
        read_auth(str(f))


def test_feedback_is_appended_as_jsonl(isolated_home: Path) -> None:
    s = Settings()
    record_feedback(s, "up", {"question": "q"})
    record_feedback(s, "wrong_citation", {"number": 2})
    lines = [json.loads(x) for x in s.feedback_path.read_text().splitlines()]
    assert [x["kind"] for x in lines] == ["up", "wrong_citation"] and lines[1]["number"] == 2
    assert s.feedback_path.parent == isolated_home


def test_state_is_the_users_alone(isolated_home: Path) -> None:
    from index.settings import Settings
    from ui.app import record_feedback

    settings = Settings()
    record_feedback(settings, "like", {"question": "q"})
    assert isolated_home.stat().st_mode & 0o077 == 0
    assert settings.feedback_path.stat().st_mode & 0o077 == 0


def test_nothing_about_the_archive_before_login(sample_home: Path) -> None:
    import urllib.error
    import urllib.request

    with serving(env={"NEWSDESK_AUTH": "alice:secret"}) as url:
        for path in ("/", "/openapi.json", "/config", "/gradio_api/info", "/gradio_api/openapi.json"):
            try:
                with urllib.request.urlopen(url + path, timeout=30) as r:
                    body = r.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as exc:
                assert exc.code in (401, 403, 404), (path, exc.code)
                continue
            for secret in ("RIA Novosti", "missile", "Lavrov"):
                assert secret not in body, (path, secret)


def test_gradio_client_gets_the_same_answer_as_the_api(sample_home: Path) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gradio_client import Client

    from qa import Newsdesk

    expected = Newsdesk().ask("Why did missile defense talks stall?")
    with serving() as url:
        client = Client(url, verbose=False)
        got = client.predict("Why did missile defense talks stall?", "", "", [], "", api_name="/ask")
        from gradio_client.exceptions import AppError

        with pytest.raises(AppError, match="not a date: write it as YYYY-MM-DD"):
            client.predict("Why?", "last spring", "", [], "", api_name="/ask")
        with pytest.raises(AppError, match="The question is empty"):
            client.predict("  ", "", "", [], "", api_name="/ask")
        named = client.predict(question="Why did missile defense talks stall?", as_of="2013-08-01", api_name="/ask")
        assert not named["answerable"] and named["filters"]["as_of"] == "2013-08-01"  # before the article
    assert got["text"] == expected.text and got["answerable"] is True
    assert [c["quote"] for c in got["citations"]] == [c.quote for c in expected.citations]


def test_serve_sample_ingests_the_bundled_archive_into_an_empty_home(isolated_home: Path) -> None:
    """What `make run` does on a fresh machine: serve --sample on an empty home answers the design question."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gradio_client import Client

    with serving(extra=("--sample",)) as url:
        got = Client(url, verbose=False).predict("Why did missile defense talks stall?", "", "", [], "",
                                                 api_name="/ask")
    assert got["answerable"] and any("legal guarantees" in c["quote"] for c in got["citations"]), got["text"]
    assert not (isolated_home / "writer.json").exists()


def test_conversations_are_saved_whole_private_and_found_only_by_their_owner(isolated_home: Path) -> None:
    from ui.conversations import Conversations

    saved = Conversations(Settings())
    cid = saved.new_id()
    answers = [{"question": "Why did talks stall?", "text": "Guarantees [1]."}]
    saved.save(cid, "ann", [{"role": "user", "content": "Why did talks stall?"}], answers, "<div>panel</div>")
    record = saved.load(cid, "ann")
    assert record is not None and record["answers"] == answers and record["title"] == "Why did talks stall?"
    assert saved.load(cid, "bob") is None and saved.load(cid, None) is None  # another user's link opens nothing
    assert [i for _, i in saved.recent("ann")] == [cid] and saved.recent("bob") == []
    path = Settings().home / "conversations" / f"{cid}.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert list(path.parent.glob("*.tmp*")) == []
    for bad in ("../feedback", "a/b", "", "x" * 100):
        assert saved.load(bad, "ann") is None
        with pytest.raises(ValueError):
            saved.save(bad, "ann", [], answers)
    path.write_text("{not json")  # a damaged file is no conversation, not a crash
    assert saved.load(cid, "ann") is None and saved.recent("ann") == []


def test_the_first_screen_names_the_outlets() -> None:
    stats = {"articles": 9, "stories": 8, "sources": 7, "earliest": "2024-01-02", "latest": "2024-05-06"}
    line = render.status_markdown(stats, "extractive", [f"Outlet {i}" for i in range(7)])
    assert "from 7 outlets (Outlet 0, Outlet 1, Outlet 2, Outlet 3, Outlet 4 and 2 more), 2024-01-02 to 2024-05-06" in line
    assert "(" not in render.status_markdown(stats, "extractive").split("outlets")[1].split(",")[0]
