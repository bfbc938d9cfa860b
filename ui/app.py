"""The Gradio chat app: presentation only; every answer comes from qa.Newsdesk."""

import ipaddress
import json
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from index.errors import ConfigError, NewsdeskError  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa import Answer, Newsdesk  # noqa: E402
from ui import render  # noqa: E402
from ui.conversations import Conversations  # noqa: E402

log = logging.getLogger(__name__)
_feedback_lock = threading.Lock()


def record_feedback(settings: Settings, kind: str, payload: dict[str, Any]) -> None:
    """Append one feedback event to NEWSDESK_HOME/feedback.jsonl."""
    settings.ensure_home()
    event = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "kind": kind, **payload}
    with _feedback_lock:
        fd = os.open(settings.feedback_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # the user's alone
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event, ensure_ascii=False) + "\n")


def _date_or_none(value: str | None, name: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise NewsdeskError(f"The {name} filter {value!r} is not a date: write it as YYYY-MM-DD.") from exc
    return value


def example_questions(desk: Newsdesk, n: int = 3) -> list[str]:
    """Questions drawn from the archive's most recent headlines."""
    out = []
    for title in desk.catalog.sample_titles(n * 2):
        short = title.rstrip(".…!? ")
        if len(short) > 80:
            short = short[:80].rsplit(" ", 1)[0]
        out.append(f"What does the archive say about: {short}?")
        if len(out) >= n:
            break
    if desk.catalog.get("ria-novosti-2013-08-08") is not None:
        out.insert(0, "Why did missile defense talks stall?")
    return out[:n]


def build_app(settings: Settings | None = None, desk: Newsdesk | None = None) -> Any:
    import gradio as gr

    desk = desk or Newsdesk(settings)
    settings = desk.settings
    saved = Conversations(settings)

    def status(outlets: list[str] | None = None) -> str:
        """The archive's counts and span, with the outlets' names where given (at page load: after any login)."""
        try:
            return render.status_markdown(desk.stats(), desk.mode, outlets)
        except NewsdeskError as exc:
            return f"**Archive unavailable:** {exc}"

    def respond(message: str, history: list[dict[str, Any]], since: str, until: str, outlets: list[str] | None,
                as_of: str, answers: list[dict[str, Any]], search_as: str | None = None) -> Iterator[tuple[Any, ...]]:
        """Answer a chat message (a follow-up rewritten to stand alone), or with `search_as`, the message
        searched exactly as the reader edited it."""
        history = list(history or [])
        message = (message or "").strip()
        if not message:
            yield history, gr.skip(), "", answers, gr.skip(), gr.skip()
            return
        shown = message if search_as is None else f"{message}\n(searched as: {search_as})"
        history.append({"role": "user", "content": render.plain(shown)})
        # the chat shows escaped HTML; the conversation memory gets the plain text back
        turns = [{"role": h["role"], "content": render.to_text(h["content"])} for h in history[:-1]]
        turns.append({"role": "user", "content": message})
        history.append({"role": "assistant", "content": "…"})
        yield history, gr.skip(), "", answers, gr.skip(), gr.skip()
        try:
            if desk.stats()["articles"] == 0:
                raise NewsdeskError(
                    "The archive is empty. Ingest articles with `newsdesk ingest PATH`, or run `make run` to load "
                    "the bundled sample archive, then ask again.")
            kwargs: dict[str, Any] = dict(
                since=_date_or_none(since, "since"), until=_date_or_none(until, "until"),
                sources=list(outlets or []), as_of=_date_or_none(as_of, "as of"))
            streamed = ""
            answer: Answer | None = None
            items = (desk.chat_stream(turns, **kwargs) if search_as is None
                     else desk.stream(message, query=search_as, **kwargs))
            for item in items:
                if isinstance(item, str):
                    streamed += item
                    history[-1] = {"role": "assistant", "content": render.plain(streamed)}
                    yield history, gr.skip(), "", answers, gr.skip(), gr.skip()
                else:
                    answer = item
            assert answer is not None
            key = f"a{len(answers)}"
            history[-1] = {"role": "assistant", "content": render.answer_html(answer, key)}
            answers = [*answers, answer.as_dict()]
            rewritten = answer.query.strip() != answer.question.strip()
            yield (history, render.sources_html(answer, key, article_texts(answer)), "", answers, export_file(answers),
                   gr.Textbox(value=answer.query if rewritten else "", visible=rewritten))
        except NewsdeskError as exc:
            history[-1] = {"role": "assistant", "content": render.plain(f"⚠️ {exc}")}
            yield history, render.sources_html(None), message, [*answers, {}], gr.skip(), gr.skip()  # one entry per reply;
            # the question stays in the box to be corrected
        except Exception as exc:  # keep the app up whatever happens; the message says what to do
            history[-1] = {"role": "assistant", "content": render.plain(
                f"⚠️ Something went wrong ({exc.__class__.__name__}: {exc}). Try again; if it persists, run "
                "`newsdesk ask` in a terminal to see the full error.")}
            yield history, render.sources_html(None), message, [*answers, {}], gr.skip(), gr.skip()

    def search_again(search_as: str, history: list[dict[str, Any]], since: str, until: str,
                     outlets: list[str] | None, as_of: str, answers: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        """The last question again, searched as the reader edited its rewritten form."""
        last = next((a for a in reversed(answers) if a and a.get("question")), None)
        if last is None or not (search_as or "").strip():
            yield history, gr.skip(), gr.skip(), answers, gr.skip(), gr.skip()
            return
        yield from respond(last["question"], history, since, until, outlets, as_of, answers, search_as.strip())

    def article_texts(answer: Answer) -> dict[str, str]:
        """The stored text of each cited article, for the sources panel's whole-article view."""
        texts = {}
        for article_id in dict.fromkeys(c.article_id for c in answer.citations):
            stored = desk.catalog.get(article_id)
            if stored is not None:
                texts[article_id] = stored.article.text
        return texts

    def export_file(answers: list[dict[str, Any]]) -> str:
        """The conversation as a Markdown file for the Export button (a new file per answer)."""
        folder = Path(tempfile.mkdtemp(prefix="newsdesk-export-"))
        path = folder / f"newsdesk-{time.strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(render.export_markdown(answers, time.strftime("%Y-%m-%d %H:%M")), encoding="utf-8")
        return str(path)

    def on_like(data: gr.LikeData, answers: list[dict[str, Any]], reason: str) -> tuple[str, str]:
        index = data.index if isinstance(data.index, int) else (data.index[0] if data.index else -1)
        # assistant messages are every second message: answer number = index // 2
        answer = answers[index // 2] if 0 <= index // 2 < len(answers) else {}
        record_feedback(settings, "up" if data.liked else "down",
                        {"question": answer.get("question"), "answer": answer.get("text"),
                         "citations": [c["article_id"] for c in answer.get("citations", [])],
                         "reason": (reason or "").strip() or None})
        return "Thanks: feedback saved.", ""

    def on_stop(history: list[dict[str, Any]], answers: list[dict[str, Any]]) -> tuple[Any, ...]:
        """Stop: the answer being written stays as far as it got, marked as stopped (and unchecked)."""
        history = list(history or [])
        replies = sum(1 for h in history if h.get("role") == "assistant")
        if replies > len(answers) and history and history[-1].get("role") == "assistant":
            content = render.to_text(history[-1]["content"]).strip()
            history[-1] = {"role": "assistant", "content": render.plain(
                (content + "\n\n" if content and content != "…" else "") + render.STOPPED)}
            answers = [*answers, {}]  # one entry per reply: feedback finds its answer by position
        return history, answers, "Stopped."

    def on_wrong_citation(number: float | None, answers: list[dict[str, Any]], reason: str) -> str:
        if not answers:
            return "Ask a question first."
        answer = answers[-1]
        n = int(number or 0)
        cites = {c["number"]: c for c in answer.get("citations", [])}
        if n not in cites:
            return f"The last answer has no citation [{n}]."
        c = cites[n]
        record_feedback(settings, "wrong_citation", {
            "question": answer.get("question"), "answer": answer.get("text"), "number": n,
            "article_id": c["article_id"], "chunk_id": c["chunk_id"], "quote": c["quote"],
            "citations": [x["article_id"] for x in answer.get("citations", [])], "reason": (reason or "").strip() or None})
        return f"Thanks: citation [{n}] reported as wrong."

    def api_ask(question: str, since: str = "", until: str = "", outlets: list[str] | None = None,
                as_of: str = "") -> dict[str, Any]:
        """The same answer as `newsdesk ask --json`, for gradio_client; bad input comes back as its message."""
        try:
            return desk.ask(question or "", since=_date_or_none(since, "since"), until=_date_or_none(until, "until"),
                            sources=list(outlets or []), as_of=_date_or_none(as_of, "as of")).as_dict()
        except NewsdeskError as exc:
            raise gr.Error(str(exc), print_exception=False) from exc

    def _user(request: gr.Request | None) -> str | None:
        return getattr(request, "username", None) if request is not None else None

    def _link(cid: str) -> str:
        return f"Link to this conversation: [?c={cid}](?c={cid}) (it reopens it, for you)" if cid else ""

    def save_conversation(history: list[dict[str, Any]], answers: list[dict[str, Any]], panel: str, cid: str,
                          request: gr.Request) -> tuple[Any, ...]:
        """After each answer: the conversation saved under NEWSDESK_HOME/conversations, its link shown."""
        if not answers:
            return cid, gr.skip(), gr.skip()
        user = _user(request)
        started = not cid
        cid = cid or saved.new_id()
        try:
            saved.save(cid, user, history, answers, panel)
        except OSError as exc:
            log.warning("conversation %s not saved: %s", cid, exc)
            return cid, f"This conversation could not be saved ({exc}).", gr.skip()
        # the list changes only when a conversation starts: no rereading of every saved one after each answer
        return cid, _link(cid), gr.Dropdown(choices=saved.recent(user), value=None) if started else gr.skip()

    def open_conversation(cid: str | None, request: gr.Request) -> tuple[Any, ...]:
        """A saved conversation back in the chat, by its id (from the link or the list)."""
        user = _user(request)
        record = saved.load(cid or "", user) if cid else None
        listed = gr.Dropdown(choices=saved.recent(user), value=None)
        if record is None:
            note = "No saved conversation with that link (it may belong to another user)." if cid else ""
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), note, listed, gr.skip()
        answers = record.get("answers", [])
        return (record.get("messages", []), answers, record.get("sources") or render.sources_html(None), cid,
                _link(cid or ""), listed, export_file(answers) if any(answers) else None)

    def show_timeline(topic: str, since: str, until: str, outlets: list[str] | None, as_of: str) -> str:
        """The topic's dated events in order, each cited; an error is shown in its place (the topic stays)."""
        if not (topic or "").strip():
            return '<div class="nd-empty">Name a topic, e.g. the subject of a story you follow.</div>'
        try:
            found = desk.timeline(topic.strip(), since=_date_or_none(since, "since"),
                                  until=_date_or_none(until, "until"), sources=list(outlets or []),
                                  as_of=_date_or_none(as_of, "as of"))
        except NewsdeskError as exc:
            return f'<div class="nd-empty">⚠️ {render.plain(str(exc))}</div>'
        return render.timeline_html(found)

    def from_link(request: gr.Request) -> tuple[Any, ...]:
        return open_conversation(dict(request.query_params).get("c"), request)

    try:
        outlets = desk.sources()
        examples = example_questions(desk)
    except NewsdeskError:
        outlets, examples = [], []

    with gr.Blocks(title="newsdesk", analytics_enabled=False) as app:
        gr.Markdown("## newsdesk: ask the archive")
        status_md = gr.Markdown(status(), elem_id="nd-status")
        answers = gr.State([])
        conversation = gr.State("")
        with gr.Sidebar(label="Conversations", open=False, elem_id="nd-sidebar"):
            picked = gr.Dropdown(choices=[], label="Saved conversations", elem_id="nd-conversations")
            link = gr.Markdown("", elem_id="nd-link")
        with gr.Row():
            with gr.Column(scale=3):
                # no per-message copy: it copies the message's HTML; "Copy" below gives clean text with sources
                chat = gr.Chatbot(elem_id="nd-chat", height=520, sanitize_html=True, show_label=False,
                                  feedback_options=("Like", "Dislike"), layout="panel", buttons=[])
                with gr.Row():
                    question = gr.Textbox(placeholder="Ask about the archive, e.g. why did talks stall?",
                                          label="Question", show_label=False, scale=5, elem_id="nd-question", autofocus=True)
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="nd-ask")
                    stop = gr.Button("Stop", variant="stop", scale=0, elem_id="nd-stop")
                searched = gr.Textbox(label="Searched as (the follow-up rewritten to stand alone): edit it and "
                                      "press Enter to search again", visible=False, elem_id="nd-searched-as")
                with gr.Row():
                    chips = gr.Markdown("", elem_id="nd-chips", elem_classes=["nd-chips"])
                    unfilter = gr.Button("Clear filters", size="sm", visible=False, elem_id="nd-clear-filters",
                                         scale=0)
                shown_examples = gr.Examples(examples, inputs=question, label="Example questions") if examples else None
                with gr.Row():
                    wrong_n = gr.Number(value=1, label="Citation number", precision=0, minimum=1, scale=1,
                                        elem_id="nd-wrong-n")
                    wrong = gr.Button("Report wrong citation", scale=1, elem_id="nd-wrong")
                    clear = gr.Button("New conversation", scale=1)
                    export = gr.DownloadButton("Export", value=None, scale=1, elem_id="nd-export")
                    copy = gr.Button("Copy", scale=1, elem_id="nd-copy")
                copied = gr.Textbox(visible=False, elem_id="nd-copied")
                reason = gr.Textbox(label="Feedback reason (optional, saved with a like, dislike or report)",
                                    elem_id="nd-reason", max_lines=2)
                feedback = gr.Markdown("", elem_id="nd-feedback")
            with gr.Column(scale=2):
                with gr.Accordion("Filters", open=False, elem_id="nd-filters"):
                    since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id="nd-since")
                    until = gr.Textbox(label="Until (YYYY-MM-DD)", elem_id="nd-until")
                    as_of = gr.Textbox(label="As of (YYYY-MM-DD): nothing later, recent first", elem_id="nd-asof")
                    # choices arrive with the page (after login): the API schema never lists the archive's outlets
                    outlet = gr.Dropdown(choices=[], multiselect=True, allow_custom_value=True, label="Outlets",
                                         elem_id="nd-outlets")
                with gr.Accordion("Timeline of a topic", open=False, elem_id="nd-timeline-panel"):
                    topic = gr.Textbox(label="Topic (dated events, oldest first; the filters above apply)",
                                       placeholder="e.g. missile defense talks", elem_id="nd-timeline-topic")
                    build = gr.Button("Build timeline", size="sm", elem_id="nd-timeline-build")
                    timeline = gr.HTML("", elem_id="nd-timeline")
                gr.Markdown("### Sources")
                sources = gr.HTML(render.sources_html(None), elem_id="nd-sources")

        inputs = [question, chat, since, until, outlet, as_of, answers]
        outputs = [chat, sources, question, answers, export, searched]
        asked: list[Any] = [question.submit(respond, inputs, outputs, api_name="chat"),
                 ask.click(respond, inputs, outputs, api_visibility="private"),
                 searched.submit(search_again, [searched, *inputs[1:]], outputs, api_visibility="private")]
        if shown_examples is not None:  # a click on an example question asks it
            asked.append(shown_examples.load_input_event.then(respond, inputs, outputs, api_visibility="private"))
        for event in asked:
            event.then(save_conversation, [chat, answers, sources, conversation], [conversation, link, picked],
                       api_visibility="private")
        restored = [chat, answers, sources, conversation, link, picked, export]
        picked.input(open_conversation, [picked], restored, api_visibility="private")
        app.load(from_link, None, restored, api_visibility="private")
        stop.click(on_stop, [chat, answers], [chat, answers, feedback], cancels=asked, api_visibility="private")
        chat.like(on_like, [answers, reason], [feedback, reason])

        def copy_text(answers: list[dict[str, Any]]) -> tuple[str, str]:
            shown = [a for a in answers or [] if a]
            if not shown:
                return "", "Nothing to copy yet: ask a question first."
            return (render.export_markdown(answers, time.strftime("%Y-%m-%d %H:%M"), markdown=False),
                    f"Copied the conversation ({len(shown)} answer(s), with numbered sources) as plain text.")

        copy.click(copy_text, answers, [copied, feedback], api_visibility="private").then(
            None, copied, None, js=render.COPY_JS, api_visibility="private")
        wrong.click(on_wrong_citation, [wrong_n, answers, reason], feedback, api_visibility="private")
        clear.click(lambda: ([], render.sources_html(None), [], "", None, "", "", gr.Textbox(value="", visible=False)),
                    None, [chat, sources, answers, feedback, export, conversation, link, searched],
                    api_visibility="private")

        def show_filters(s: str, u: str, o: list[str] | None, a: str) -> tuple[Any, ...]:
            text = render.filter_chips((s or "").strip(), (u or "").strip(), o, (a or "").strip())
            return text, gr.Button(visible=bool(text))

        for box in (since, until, outlet, as_of):
            box.change(show_filters, [since, until, outlet, as_of], [chips, unfilter], api_visibility="private")
        unfilter.click(lambda: ("", "", [], ""), None, [since, until, outlet, as_of], api_visibility="private")
        for event in (build.click, topic.submit):
            event(show_timeline, [topic, since, until, outlet, as_of], timeline, api_visibility="private")

        def on_load() -> tuple[str, Any]:  # at each page load: outlets ingested since start show up
            try:
                current = desk.sources()
            except NewsdeskError:
                current = outlets
            return status(current), gr.Dropdown(choices=current)

        app.load(on_load, None, [status_md, outlet], api_visibility="private")
        gr.api(api_ask, api_name="ask")  # named parameters with defaults: predict(question="...", as_of="...")
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def read_auth(spec: str | None) -> list[tuple[str, str]]:
    """NEWSDESK_AUTH: 'user:password', or the path of a file with one 'user:password' a line."""
    if not spec:
        return []
    path = Path(spec).expanduser()
    if ":" not in spec and not path.is_file():
        raise ConfigError(f"NEWSDESK_AUTH is neither user:password nor a readable file ({spec!r} does not exist): "
                          "set it to user:password or to the path of a file of user:password lines.")
    try:
        lines = path.read_text().splitlines() if path.is_file() else [spec]
    except OSError as exc:
        raise ConfigError(f"NEWSDESK_AUTH file {path} cannot be read ({exc}): fix its permissions.") from exc
    pairs = []
    for n, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            where = f"{path} line {n}" if path.is_file() else "NEWSDESK_AUTH"
            raise ConfigError(f"{where}: expected user:password")
        pairs.append((user, password))
    return pairs


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, ingest_sample: bool = False,
          watch: list[str] | None = None, every: str = "15m") -> int:
    # an empty --host lets Gradio take GRADIO_SERVER_NAME: check the interface it would really bind
    host = host.strip() or os.environ.get("GRADIO_SERVER_NAME", "").strip() or "127.0.0.1"
    auth = read_auth(settings.auth)
    if not _is_loopback(host) and not auth:
        print(
            f"error: refusing to listen on {host} without authentication. Set NEWSDESK_AUTH=user:password "
            "(or NEWSDESK_AUTH=/path/to/file with user:password lines), or use --host 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    from index.ingest import Indexer, sample_archive
    from index.writer import WriterLease
    from ui.handover import HandoverServer

    def stop(signum: int, frame: Any) -> None:  # SIGTERM stops it as Ctrl-C does: the lease is given back
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # serve is the home's single writer for as long as it runs: `newsdesk ingest` hands its work over
    lease = WriterLease(settings, "serve")
    lease.wait(settings.writer_wait_s, lambda h: print(
        f"{'`newsdesk ' + h.command + '` (pid ' + str(h.pid) + ')' if h else 'another newsdesk process'} is writing "
        f"to {settings.home}; the chat starts when it has finished…", flush=True))
    try:
        desk = Newsdesk(settings)
        indexer = Indexer(settings, catalog=desk.catalog, store=desk.retriever.store, keywords=desk.retriever.keywords)
        indexer.reconcile()  # a crashed ingest may have left vectors the catalog does not know
        if ingest_sample and desk.stats()["articles"] == 0:
            print("The archive is empty: ingesting the bundled sample archive…", flush=True)
            indexer.ingest([sample_archive()], progress=False)
        handover = HandoverServer(indexer)
        if lease.needed:  # embedded Chroma: other processes hand their writes to this one
            handover.start()
            lease.publish(handover.url, handover.token)
        stop_watching = threading.Event()
        if watch:
            from index.watch import Watcher, parse_duration

            watcher = Watcher(settings, watch, parse_duration(every), handover.ingest)
            threading.Thread(target=watcher.run, args=(stop_watching,), name="newsdesk-watch", daemon=True,
                             kwargs={"on_round": lambda results: log.info("watch: %s", results)}).start()
            print(f"watching {len(watch)} source(s) every {every}", flush=True)
        app = build_app(desk=desk)
        if auth:
            print(f"Authentication is on ({len(auth)} user(s)); listening on {host}:{port}.", flush=True)
        print(f"newsdesk chat on http://{host}:{port}  (Ctrl-C stops it)", flush=True)
        app.queue(default_concurrency_limit=settings.serve_workers).launch(
            server_name=host, server_port=port, share=False, auth=auth or None, show_error=False, quiet=True,
            css=render.CSS, head=render.HEAD, footer_links=["api"], inbrowser=False,
        )
        stop_watching.set()
        if lease.needed:
            handover.stop()
    finally:
        lease.release()
    return 0
