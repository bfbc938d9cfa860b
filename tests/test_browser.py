"""The chat in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.ingest import Indexer
from index.settings import Settings
from tests.conftest import ARTIFACTS, ingest_rows, serving

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
Q = "Why did missile defense talks stall?"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")  # Gradio keeps a connection open: never "networkidle"
    page.wait_for_selector("#nd-question textarea", timeout=60_000)


def _ask(page: Any, question: str) -> None:
    page.fill("#nd-question textarea", question)
    page.click("#nd-ask")


def _last_bot(page: Any) -> Any:
    return page.locator("#nd-chat .bot, #nd-chat [data-testid='bot']").last


def test_answer_streams_and_a_clicked_citation_highlights_its_passage(sample_home: Path, fake_llm: Any,
                                                                      page: Any) -> None:
    fake_llm.word_delay = 0.12

    def reply(req: dict[str, Any]) -> str:
        import re

        n = next(m.group(1) for m in re.finditer(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>',
                                                 req["messages"][-1]["content"], re.S) if "legal" in m.group(2))
        return (f"Further talks between Russia and the alliance have floundered over NATO’s refusal to grant "
                f"Russia legal guarantees that the system would not be aimed at Russian nuclear forces [{n}].")

    fake_llm.reply = reply
    with serving() as url:
        _open(page, url)
        assert "1 articles" in page.inner_text("#nd-status")
        _ask(page, Q)
        seen: set[str] = set()
        for _ in range(200):
            text = _last_bot(page).inner_text() if _last_bot(page).count() else ""
            seen.add(text)
            if page.locator("#nd-chat a.nd-cite").count():
                break
            page.wait_for_timeout(50)
        partial = [t for t in seen if "floundered" in t or "Further" in t]
        assert len(partial) >= 2, seen  # the answer grew on screen before it was complete
        page.locator("#nd-chat a.nd-cite").first.click()
        active = page.locator("#nd-sources mark.nd-active")
        active.wait_for(timeout=10_000)
        assert "legal guarantees" in active.inner_text()
        assert "RIA Novosti" in page.inner_text("#nd-sources") and "2013-08-08" in page.inner_text("#nd-sources")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)


def test_offline_answer_on_the_sample_archive(sample_home: Path, page: Any) -> None:
    with serving() as url:
        _open(page, url)
        page.get_by_text(Q).first.click()  # a click on the example question asks it
        try:
            page.locator("#nd-chat a.nd-cite").first.wait_for(timeout=60_000)
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "chat-offline.png"), full_page=True)
        assert "legal guarantees" in _last_bot(page).inner_text()
        assert page.locator("#nd-chat details.nd-refs").count() == 1  # asked once, by the click
        marks = page.locator("#nd-sources mark.nd-quote")
        assert marks.count() >= 1
        # a follow-up in the same conversation (the rewrite itself is tested in test_qa.py)
        bots = "[...document.querySelectorAll(\"#nd-chat .bot, #nd-chat [data-testid='bot']\")]"
        before = page.evaluate(f"{bots}.length")
        _ask(page, "and what about Poland?")
        page.wait_for_function(f"{bots}.length > {before} && {bots}.at(-1).querySelector('a.nd-cite') !== null && "
                               "[...document.querySelectorAll('#nd-sources mark')].some(m => m.innerText.includes('Poland'))",
                               timeout=60_000)
        assert "Poland" in _last_bot(page).inner_text()
        # feedback: a wrong-citation report and a thumbs-up land in NEWSDESK_HOME/feedback.jsonl
        page.click("#nd-wrong")
        page.get_by_text("citation [1] reported as wrong").wait_for(timeout=30_000)
        page.fill("#nd-reason textarea", "names the Poland decision")
        page.locator("#nd-chat button[aria-label='Like']").last.click()
        page.get_by_text("feedback saved").wait_for(timeout=30_000)
        events = [json.loads(x) for x in (sample_home / "feedback.jsonl").read_text().splitlines()]
        assert [e["kind"] for e in events] == ["wrong_citation", "up"]
        assert events[0]["article_id"] == "ria-novosti-2013-08-08" and "Poland" in events[1]["answer"]
        assert events[0]["reason"] is None and events[1]["reason"] == "names the Poland decision"
        assert events[1]["question"] == "and what about Poland?" and events[1]["citations"]
        # [n] previews its quote on hover; the card opens the whole stored article, the quote highlighted
        preview = page.locator("#nd-chat a.nd-cite").last.get_attribute("title") or ""
        assert "RIA Novosti" in preview and "“" in preview
        page.locator("#nd-sources details.nd-article summary").first.click()
        whole = page.locator("#nd-sources details.nd-article[open]")
        whole.wait_for(timeout=10_000)
        assert whole.locator("mark.nd-quote").count() >= 1 and "2+2" in whole.inner_text()
        # the first answer's [1] still points at the first answer's own evidence
        page.locator("#nd-chat a.nd-cite[href^='#nd-a0-']").first.click()
        own = page.locator("#nd-chat details.nd-refs li.nd-active")
        own.wait_for(timeout=10_000)
        assert own.inner_text().startswith("[1]") and "RIA Novosti" in own.inner_text()
        assert page.evaluate("document.querySelector('#nd-chat li.nd-ref.nd-active').closest('details') === "
                             "document.querySelectorAll('#nd-chat details.nd-refs')[0]")  # the first answer's list
        # Export: the conversation as Markdown, answers with [n] and a numbered source list
        with page.expect_download(timeout=30_000) as download:
            page.click("#nd-export")
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        assert exported.startswith("# newsdesk conversation") and "## 1. " + Q in exported
        assert "## 2. and what about Poland?" in exported and exported.count("Sources:") == 2
        assert "RIA Novosti, 2013-08-08" in exported and "   > " in exported
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "conversation.md").write_text(exported, encoding="utf-8")
        # Copy: the same as plain text on the clipboard (no message HTML; Gradio's own copy buttons are off)
        assert page.locator("#nd-chat button[aria-label*='opy']").count() == 0
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page.click("#nd-copy")
        page.get_by_text("Copied the conversation (2 answer(s)").wait_for(timeout=30_000)
        page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)", timeout=10_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("newsdesk conversation") and "1. " + Q in copied and copied.count("Sources:") == 2
        assert "[1]" in copied and "RIA Novosti, 2013-08-08" in copied and "<" not in copied and "##" not in copied
        page.screenshot(path=str(ARTIFACTS / "chat-follow-up-light.png"), full_page=True)
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=str(ARTIFACTS / "chat-follow-up-dark.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / "chat-follow-up-phone.png"), full_page=True)
        # on a phone: 44 px touch targets, and each answer's sources right under it (not a panel far below)
        sizes = page.eval_on_selector_all(
            "#nd-chat a.nd-cite, #nd-ask, #nd-stop, #nd-export, #nd-copy, #nd-chat details.nd-refs summary",
            "els => els.filter(e => e.offsetParent).map(e => [e.getBoundingClientRect().width, "
            "e.getBoundingClientRect().height])")
        assert len(sizes) >= 6 and all(w >= 44 and h >= 44 for w, h in sizes), sizes
        gap = page.evaluate("(() => { const top = s => [...document.querySelectorAll(s)].at(-1)"
                            ".getBoundingClientRect().top; return top('#nd-chat details.nd-refs summary') - "
                            "top('#nd-chat a.nd-cite'); })()")
        assert 0 < gap < 844  # within one phone screen of the answer's last marker
        # the rewritten follow-up is shown and can be edited: the question is searched again exactly as written
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.emulate_media(color_scheme="light")
        box = page.locator("#nd-searched-as textarea, #nd-searched-as input").first
        assert "Poland" in box.input_value() and box.input_value() != "and what about Poland?"
        box.fill("SM-3 interceptors Poland")
        box.press("Enter")
        page.get_by_text("(searched as: SM-3 interceptors Poland)").wait_for(timeout=60_000)
        page.wait_for_function("document.querySelectorAll('#nd-chat details.nd-refs').length >= 3", timeout=60_000)
        assert "SM-3" in _last_bot(page).inner_text()


def test_active_filters_are_visible_by_the_question_and_can_be_cleared(sample_home: Path, page: Any) -> None:
    with serving() as url:
        _open(page, url)
        toggle = page.locator("#nd-filters").get_by_text("Filters", exact=True)
        toggle.click()
        page.fill("#nd-since textarea, #nd-since input", "2014-01-01")
        page.keyboard.press("Tab")
        page.get_by_text("Filters in effect").wait_for(timeout=30_000)
        assert "since 2014-01-01" in page.inner_text("#nd-chips")
        toggle.click()  # the panel closed: the chips still say it
        assert not page.locator("#nd-since").is_visible() and "since 2014-01-01" in page.inner_text("#nd-chips")
        _ask(page, Q)
        page.locator("#nd-chat").get_by_text("Filters in effect: since 2014-01-01").wait_for(timeout=60_000)
        assert "The archive does not say" in _last_bot(page).inner_text()  # the refusal names the filter
        page.click("#nd-clear-filters")
        page.wait_for_function("document.querySelector('#nd-chips').innerText.trim() === ''", timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-filters.png"), full_page=True)


def test_empty_archive_says_how_to_ingest(isolated_home: Path, page: Any) -> None:
    with serving() as url:
        _open(page, url)
        assert "The archive is empty" in page.inner_text("#nd-status")
        _ask(page, "Anything there?")
        page.get_by_text("newsdesk ingest PATH").last.wait_for(timeout=30_000)


def test_unreachable_llm_is_shown_in_the_chat_and_the_app_stays_up(sample_home: Path, page: Any) -> None:
    env = {"NEWSDESK_LLM_BASE_URL": "http://127.0.0.1:9/v1", "NEWSDESK_LLM_TIMEOUT": "3"}
    with serving(env=env) as url:
        _open(page, url)
        _ask(page, Q)
        page.get_by_text("The language model at http://127.0.0.1:9/v1 failed").wait_for(timeout=60_000)
        _ask(page, "And again?")
        page.locator("text=The language model at").nth(1).wait_for(timeout=60_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-error.png"), full_page=True)


def test_html_in_articles_renders_as_text(isolated_home: Path, tmp_path: Path, page: Any) -> None:
    evil = tmp_path / "evil.jsonl"
    evil.write_text('{"id": "e1", "title": "<script>window.__pwned=1</script>Budget vote", "published": "2020-01-02", '
                    '"source": "<b>Herald</b>", "text": "The council approved the budget. <img src=x '
                    'onerror=\\"window.__pwned=2\\"> The budget vote was seven to two in favour."}\n')
    Indexer(Settings()).ingest([evil], progress=False)
    with serving() as url:
        _open(page, url)
        _ask(page, "How did the council vote on the budget?")
        page.locator("#nd-chat a.nd-cite").first.wait_for(timeout=60_000)
        page.locator("#nd-chat a.nd-cite").first.click()
        assert page.evaluate("window.__pwned === undefined")
        assert "<script>window.__pwned=1</script>" in page.inner_text("#nd-sources")
        assert page.locator("#nd-sources img").count() == 0


def teardown_module() -> None:
    shutil.rmtree(ARTIFACTS / "tmp", ignore_errors=True)


def test_stop_keeps_what_was_written_and_marks_it(sample_home: Path, fake_llm: Any, page: Any) -> None:
    fake_llm.word_delay = 0.25
    fake_llm.reply = lambda req: " ".join(f"w{i}" for i in range(300))  # over a minute if never stopped
    with serving() as url:
        _open(page, url)
        _ask(page, Q)
        page.wait_for_function("(document.querySelector('#nd-chat').innerText.match(/w\\d+/g) || []).length >= 3",
                               timeout=60_000)
        page.click("#nd-stop")
        page.get_by_text("Stopped: this answer is incomplete").wait_for(timeout=30_000)
        stopped = _last_bot(page).inner_text()
        page.wait_for_timeout(2_000)
        assert _last_bot(page).inner_text() == stopped  # no longer growing
        assert "w299" not in stopped and "w0" in stopped
        assert page.locator("#nd-chat a.nd-cite").count() == 0  # nothing unchecked is shown as cited


def test_a_conversation_reopens_from_its_link_and_the_list(sample_home: Path, browser: Any) -> None:
    with serving() as url:
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = first.new_page()
        _open(page, url)
        _ask(page, Q)
        page.locator("#nd-chat a.nd-cite").first.wait_for(timeout=60_000)
        page.locator("#nd-link a").wait_for(timeout=30_000)
        href = page.locator("#nd-link a").get_attribute("href") or ""
        assert href.startswith("?c=")
        first.close()
        saved = list((sample_home / "conversations").glob("*.json"))
        assert [p.stem for p in saved] == [href[3:]]
        again = browser.new_context(viewport={"width": 1400, "height": 1000})  # a reload, a new tab
        page = again.new_page()
        page.goto(url + "/" + href, wait_until="load")
        page.locator("#nd-chat a.nd-cite").first.wait_for(timeout=60_000)
        assert Q in page.inner_text("#nd-chat") and "legal guarantees" in _last_bot(page).inner_text()
        assert page.locator("#nd-sources mark.nd-quote").count() >= 1
        # the conversation goes on where it stopped: a follow-up is saved into the same file
        _ask(page, "and what about Poland?")
        page.wait_for_function("document.querySelectorAll('#nd-chat details.nd-refs').length >= 2", timeout=60_000)
        for _ in range(100):
            record = json.loads(saved[0].read_text())
            if len(record["answers"]) == 2:
                break
            page.wait_for_timeout(100)
        assert [a["question"] for a in record["answers"]] == [Q, "and what about Poland?"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-reopened.png"), full_page=True)
        again.close()


# WCAG 2 contrast of an element's text against the first opaque background behind it (AA: 4.5 for text).
CONTRAST_JS = """
(selector) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const el = document.querySelector(selector);
  if (!el) return null;
  const fg = parse(getComputedStyle(el).color);
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c && c.a > 0.5) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || (document.documentElement.classList.contains('dark') ? {r: 11, g: 15, b: 25} : {r: 255, g: 255, b: 255});
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


def test_text_contrast_meets_wcag_aa_in_light_and_dark(sample_home: Path, browser: Any) -> None:
    selectors = ["#nd-chat a.nd-cite", "#nd-sources mark.nd-quote", "#nd-sources .nd-title", "#nd-sources .nd-when",
                 "#nd-ask", "#nd-status p", "#nd-chat details.nd-refs summary"]
    with serving() as url:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
            page = context.new_page()
            page.goto(url + ("/?__theme=dark" if scheme == "dark" else ""), wait_until="load")
            page.wait_for_selector("#nd-question textarea", timeout=60_000)
            _ask(page, Q)
            page.locator("#nd-chat a.nd-cite").first.wait_for(timeout=60_000)
            ratios = {s: page.evaluate(CONTRAST_JS, s) for s in selectors}
            # accessible names: the answer is labelled with its text, not its HTML; the question box is named
            labels = page.evaluate("[...document.querySelectorAll('#nd-chat [aria-label*=\"message:\"]')]"
                                   ".map(e => e.getAttribute('aria-label'))")
            assert labels and all("<" not in x for x in labels) and any("legal guarantees" in x for x in labels)
            assert page.get_by_label("Question").count() == 1
            dark = page.evaluate("document.querySelector('.dark') !== null")
            assert dark == (scheme == "dark")  # the theme really switched
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"contrast-{scheme}.png"), full_page=True)
            context.close()
            assert all(r is not None for r in ratios.values()), ratios
            low = {s: round(r, 2) for s, r in ratios.items() if r < 4.5}
            assert not low, f"{scheme}: below 4.5:1 {low}"


FERRY = [
    {"id": "f1", "title": "Storm closes Pier 4 ferry", "source": "Bay Courier", "published": "2024-03-05",
     "text": "The Pier 4 ferry stopped running on Sunday after a storm tore the pontoon loose. The port authority "
             "said repairs to the Pier 4 ferry pontoon would take three weeks."},
    {"id": "f2", "title": "Pier 4 ferry back in service", "source": "Harbour News", "published": "2024-03-26",
     "text": "Ferry service from Pier 4 resumed on Monday after three weeks of storm repairs to the pontoon."},
    {"id": "f3", "title": "Pier 4 ferry fares go up", "source": "Bay Courier", "published": "2024-04-15",
     "text": "Fares on the Pier 4 ferry rose by 50 cents on Monday to pay for the new pontoon."},
    {"id": "f4", "title": "Pier 4 ferry gets a second boat", "source": "Bay Courier", "published": "2024-06-02",
     "text": "A second boat joined the Pier 4 ferry on Saturday, halving waits at the pontoon."},
]


def test_a_topic_timeline_lists_dated_cited_events_in_order(isolated_home: Path, tmp_path: Path, page: Any) -> None:
    ingest_rows(tmp_path, FERRY)
    with serving() as url:
        _open(page, url)
        page.get_by_text("Bay Courier, Harbour News").wait_for(timeout=30_000)  # the first screen names the outlets
        page.locator("#nd-filters").get_by_text("Filters", exact=True).click()
        page.fill("#nd-asof textarea, #nd-asof input", "2024-04-30")
        page.locator("#nd-timeline-panel").get_by_text("Timeline of a topic", exact=True).click()
        page.fill("#nd-timeline-topic textarea, #nd-timeline-topic input", "Pier 4 ferry pontoon")
        page.click("#nd-timeline-build")
        page.locator("#nd-timeline li.nd-event").first.wait_for(timeout=60_000)
        days = page.eval_on_selector_all("#nd-timeline li.nd-event time", "els => els.map(e => e.dateTime)")
        assert len(days) >= 3 and days == sorted(days)
        assert days[0] == "2024-03-03" and "2024-03-25" in days  # "on Sunday", "on Monday": the events' days
        assert all(d <= "2024-04-30" for d in days)  # the June article is after the as-of date
        text = page.inner_text("#nd-timeline")
        assert "second boat" not in text and "3 March 2024" in text
        page.locator("#nd-timeline a.nd-cite").first.click()  # opens the timeline's own source list
        active = page.locator("#nd-timeline details.nd-refs li.nd-active")
        active.wait_for(timeout=10_000)
        assert "Storm closes Pier 4 ferry" in active.inner_text()
        page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
        page.fill("#nd-asof textarea, #nd-asof input", "April")  # a bad date: said in place, the topic stays
        page.click("#nd-timeline-build")
        page.get_by_text("is not a date").wait_for(timeout=30_000)
        assert page.input_value("#nd-timeline-topic textarea, #nd-timeline-topic input") == "Pier 4 ferry pontoon"
