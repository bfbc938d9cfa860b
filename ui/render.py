"""Answer -> HTML for the chat and the sources panel (pure; escapes everything that comes from articles)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from qa.timeline import Timeline
from qa.types import Answer, Citation, Passage, iso_date

_MARK = re.compile(r"\[(\d+)\]")
WEAK = 0.5  # answers below this confidence are shown as resting on weak evidence
STOPPED = "(Stopped: this answer is incomplete and its citations were not checked.)"


def answer_html(answer: Answer, key: str = "a0") -> str:
    """The chat message: escaped answer text with clickable [n] markers, and under it the answer's own numbered
    sources (so the markers of older answers keep pointing at their own evidence). `key` names the answer."""
    text = html.escape(answer.text)
    previews = {str(c.number): _preview(c) for c in answer.citations}
    text = _MARK.sub(lambda m: _marker(key, m[1], previews.get(m[1], "")), text)
    if answer.query and answer.query.strip() != answer.question.strip():  # a follow-up, rewritten to stand alone
        text = f'<span class="nd-searched">Searched as: {html.escape(answer.query)}</span>\n\n{text}'
    if answer.answerable and answer.confidence < WEAK:
        text = (f'<span class="nd-weak">Weak evidence (confidence {answer.confidence:.2f}): check the sources.'
                f"</span>\n\n{text}")
    for note in answer.notes:
        text += f'\n\n<span class="nd-notice">{html.escape(note)}</span>'
    if answer.flagged and answer.mode == "llm":
        text += f'\n\n<span class="nd-flag">{len(answer.flagged)} unsupported claim(s) or citation(s) removed.</span>'
    if not answer.answerable and answer.passages:
        text += "\n\nThe closest passages are in the sources panel."
    if answer.citations:
        text += _refs(answer.citations, key)
    return text


def _marker(key: str, number: int | str, preview: str) -> str:
    """A clickable [n] that selects source n of the answer (or timeline) named `key` (see HEAD's script)."""
    return f'<a class="nd-cite" href="#nd-{key}-ref-{number}"{preview}>[{number}]</a>'


def _preview(c: Citation, limit: int = 280) -> str:
    """The hover (and long-press) preview of a [n] marker: title, outlet, date and the quoted sentence."""
    quote = c.quote if len(c.quote) <= limit else c.quote[:limit].rsplit(" ", 1)[0] + "…"
    text = f"{c.title or c.article_id} · {c.source or 'unknown outlet'} · {c.published or 'undated'}\n“{quote}”"
    return f' title="{html.escape(text, quote=True)}" aria-label="source {c.number}: {html.escape(c.title or c.article_id, quote=True)}"'


def _refs(citations: list[Citation], key: str) -> str:
    """The answer's numbered sources, folded under it: title, outlet, date, link and the quoted sentence."""
    items = []
    for c in citations:
        title = html.escape(c.title or c.article_id)
        if c.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(c.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
        items.append(f'<li class="nd-ref"><b class="nd-n">[{c.number}]</b> {title} · '
                     f'{html.escape(c.source or "unknown outlet")} · {html.escape(c.published or "undated")}'
                     f'<br><q>{html.escape(c.quote)}</q></li>')
    return (f'\n\n<details class="nd-refs"><summary>Sources ({len(citations)})</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def timeline_html(timeline: Timeline, key: str = "t1") -> str:
    """A topic's timeline: one row per event, oldest first, with its date, the quoted sentence and its [n]
    markers, and under it the numbered sources (several outlets where they exist)."""
    if not timeline.entries:
        return (f'<div class="nd-empty">No dated events on “{html.escape(timeline.query)}” in the archive with '
                "these filters: try other words for the topic, or widen the dates.</div>")
    rows, cited = [], {}
    for e in timeline.entries:
        marks = " ".join(_marker(key, c.number, _preview(c)) for c in e.citations)
        day = iso_date(e.date)
        label = f"{day.day} {day:%B %Y}" if day else e.date
        rows.append(f'<li class="nd-event"><time datetime="{html.escape(e.date, quote=True)}">{label}</time> '
                    f"{html.escape(e.text)} {marks}</li>")
        cited.update({c.number: c for c in e.citations})
    return (f'<div class="nd-timeline-view" data-a="{key}"><ol class="nd-timeline" aria-label="Timeline: '
            f'{html.escape(timeline.query, quote=True)}">{"".join(rows)}</ol>'
            f"{_refs([cited[n] for n in sorted(cited)], key)}</div>")


def export_markdown(answers: list[dict[str, Any]], when: str = "", markdown: bool = True) -> str:
    """A conversation as Markdown: each question and answer with its [n] markers, then its numbered sources
    (title, outlet, date, URL, quoted sentence). `markdown=False`: the same as plain text (what "Copy" gives)."""
    head, sub, em, quote = ("# ", "## ", "*", "> ") if markdown else ("", "", "", "")
    lines = [f"{head}newsdesk conversation{f' ({when})' if when else ''}", ""]
    for i, a in enumerate([a for a in answers if a], start=1):
        lines += [f"{sub}{i}. {a.get('question', '')}", ""]
        if a.get("query") and a["query"] != a.get("question"):
            lines += [f"{em}Searched as: {a['query']}{em}", ""]
        lines += [a.get("text", ""), ""]
        lines += [line for note in a.get("notes", []) for line in (f"{em}{note}{em}", "")]
        if a.get("citations"):
            lines.append("Sources:")
            lines.append("")
            for c in a["citations"]:
                url = c.get("url") or ""
                where = (f" <{url}>" if markdown else f" {url}") if url else ""
                lines.append(f"{c['number']}. {c.get('title') or c['article_id']}, {c.get('source') or 'unknown outlet'}, "
                             f"{c.get('published') or 'undated'}{where}")
                lines.append(f"   {quote}{c.get('quote', '')}" if markdown else f"   “{c.get('quote', '')}”")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(message: Any) -> str:
    """A chat message (escaped HTML, or Gradio's list-of-parts form) back to plain text."""
    if isinstance(message, list):
        message = " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in message)
    message = re.sub(r'<span class="nd-(?:weak|searched|notice)">.*?</span>\s*', "", str(message), flags=re.S)
    message = re.sub(r'\s*<details class="nd-refs".*?</details>', "", message, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", message))


def plain(text: str) -> str:
    """Streaming text shown while an answer is produced (escaped, markers not yet checked)."""
    return html.escape(text)


def _highlight(passage: str, passage_start: int, spans: list[tuple[int, int, int]]) -> str:
    """Passage text with each cited span wrapped in <mark id="nd-cite-n">; everything escaped."""
    out: list[str] = []
    pos = 0
    for number, start, end in sorted(spans, key=lambda s: s[1]):
        s, e = max(start - passage_start, pos), min(end - passage_start, len(passage))
        if e <= s:
            continue
        out.append(html.escape(passage[pos:s]))
        out.append(f'<mark class="nd-quote" id="nd-cite-{number}" data-n="{number}">'
                   f'<sup>[{number}]</sup>{html.escape(passage[s:e])}</mark>')
        pos = e
    out.append(html.escape(passage[pos:]))
    return "".join(out).replace("\n", "<br>")


def _meta_line(source: str, published: str, url: str, dated: bool = True) -> str:
    parts = [html.escape(source or "unknown outlet")] + ([html.escape(published or "undated")] if dated else [])
    if url.startswith(("http://", "https://")):
        parts.append(f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                     f'open at {html.escape(source or "the outlet")}</a>')
    return " · ".join(parts)


def _also(copies: list[dict[str, str]]) -> str:
    if not copies:
        return ""
    items = []
    for c in copies[:8]:
        label = html.escape(c.get("source") or c.get("id", ""))
        url = c.get("url", "")
        if url.startswith(("http://", "https://")):
            label = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
        items.append(label)
    return f'<div class="nd-also">Also reported by: {", ".join(items)}</div>'


def sources_html(answer: Answer | None, key: str = "a0", articles: dict[str, str] | None = None) -> str:
    """One card per cited article, oldest first, with its date and the cited sentences highlighted (and, where
    `articles` holds its stored text, the whole article behind a fold); or the closest passages on a refusal."""
    if answer is None:
        return '<div class="nd-empty">Sources of the answer appear here.</div>'
    if answer.citations:
        return f'<div class="nd-panel" data-a="{key}">{_cards(answer, articles or {})}</div>'
    return _closest(answer.passages)


def when_label(day: date | None, as_of: date | None = None) -> str:
    """'2013-08-08, Thursday', and how long before the as-of date ('23 days before as of')."""
    if day is None:
        return "undated"
    label = f"{day.isoformat()}, {day:%A}"
    if as_of is not None:
        gap = (as_of - day).days
        label += " (the as-of day)" if gap == 0 else f" ({gap} day{'s' if gap != 1 else ''} before as of)"
    return label


def _whole(text: str, cites: list[Citation]) -> str:
    """The stored article with the cited sentences highlighted, folded."""
    out: list[str] = []
    pos = 0
    for c in sorted(cites, key=lambda c: c.start):
        s, e = max(c.start, pos), min(c.end, len(text))
        if e <= s:
            continue
        out += [html.escape(text[pos:s]), f'<mark class="nd-quote"><sup>[{c.number}]</sup>{html.escape(text[s:e])}</mark>']
        pos = e
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return (f'<details class="nd-article"><summary>Whole article ({len(text):,} characters)</summary>'
            f'<div class="nd-passage">{body}</div></details>')


def _cards(answer: Answer, articles: dict[str, str]) -> str:
    if answer.citations:
        groups: dict[str, dict[str, list[Citation]]] = {}  # article -> chunk -> citations
        for c in answer.citations:
            groups.setdefault(c.article_id, {}).setdefault(c.chunk_id, []).append(c)
        as_of = answer.filters.get("as_of")
        as_of = as_of if isinstance(as_of, date) or as_of is None else iso_date(str(as_of))
        order = sorted(groups, key=lambda a: next(iter(groups[a].values()))[0].published or "9999")
        cards = []
        for article_id in order:
            chunks = groups[article_id]
            cites = [c for cs in chunks.values() for c in cs]
            first = cites[0]
            numbers = ", ".join(f"[{c.number}]" for c in sorted(cites, key=lambda c: c.number))
            bodies = "".join(
                f'<div class="nd-passage">'
                f'{_highlight(cs[0].passage, cs[0].passage_start, [(c.number, c.start, c.end) for c in cs])}</div>'
                for cs in chunks.values()
            )
            cards.append(
                f'<div class="nd-card" data-article="{html.escape(article_id, quote=True)}">'
                f'<div class="nd-card-head"><span class="nd-num">{numbers}</span> '
                f'<span class="nd-title">{html.escape(first.title or article_id)}</span></div>'
                f'<div class="nd-meta"><span class="nd-when">{html.escape(when_label(first.published_date, as_of))}</span>'
                f' · {_meta_line(first.source, "", first.url, dated=False)}</div>'
                f"{bodies}{_whole(articles[article_id], cites) if article_id in articles else ''}"
                f"{_also(first.also_reported_by)}</div>"
            )
        return "".join(cards)
    return ""


def _closest(passages: list[Passage]) -> str:
    if not passages:
        return '<div class="nd-empty">No passages matched.</div>'
    cards = ['<div class="nd-note">No passage answers the question. Closest passages:</div>']
    for p in passages[:4]:
        cards.append(
            f'<div class="nd-card nd-closest"><div class="nd-card-head"><span class="nd-title">'
            f'{html.escape(p.title or p.article_id)}</span></div>'
            f'<div class="nd-meta">{_meta_line(p.source, p.published, p.url)}</div>'
            f'<div class="nd-passage">{html.escape(p.text).replace(chr(10), "<br>")}</div></div>'
        )
    return "".join(cards)


def filter_chips(since: str, until: str, outlets: list[str] | None, as_of: str) -> str:
    """The filters in effect, shown by the question box (a closed Filters panel must not hide them)."""
    chips = [f"since {since}" if since else "", f"until {until}" if until else "",
             f"as of {as_of}" if as_of else "", ("outlets " + ", ".join(outlets)) if outlets else ""]
    active = [html.escape(c) for c in chips if c]
    return ("**Filters in effect:** " + " · ".join(f"`{c}`" for c in active)) if active else ""


def status_markdown(stats: dict[str, Any], mode: str, outlets: list[str] | None = None, shown: int = 5) -> str:
    """The first screen's line on what the archive holds: counts, outlets (named where given), span, answers."""
    if not stats.get("articles"):
        return ("**The archive is empty.** Add articles with `newsdesk ingest PATH` (JSONL, CSV, HTML, RSS/Atom or "
                "a folder of text files), or start `newsdesk serve --sample` to load the bundled sample archive. "
                "Then reload this page.")
    span = f"{stats.get('earliest') or '?'} to {stats.get('latest') or '?'}"
    answers = "language model" if mode == "llm" else "offline (extractive)"
    # no internal paths here: the page is for readers of the archive (`newsdesk stats` shows the store)
    names = ""
    if outlets:
        more = f" and {len(outlets) - shown} more" if len(outlets) > shown else ""
        names = f" ({html.escape(', '.join(outlets[:shown]))}{more})"
    return (f"**Archive:** {stats['articles']} articles ({stats['stories']} stories) from {stats['sources']} "
            f"outlets{names}, {span} · answers: {answers}")


CSS = """
.nd-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
.nd-card.nd-active { outline: 3px solid #f59e0b; }
.nd-title { font-weight: 600; }
.nd-num { color: #2563eb; font-weight: 600; }
.nd-meta { font-size: 0.85em; opacity: 0.8; margin: 2px 0 6px; }
.nd-passage { font-size: 0.92em; line-height: 1.45; }
.nd-passage + .nd-passage { border-top: 1px dashed var(--border-color-primary); margin-top: 6px; padding-top: 6px; }
mark.nd-quote { background: #fde68a; color: #1f2937; padding: 0 2px; }  /* dark text in light and dark themes */
mark.nd-quote.nd-active { background: #f59e0b; }
.nd-also { font-size: 0.85em; margin-top: 6px; }
.nd-note, .nd-empty { opacity: 0.8; margin-bottom: 8px; }
.nd-flag { font-size: 0.85em; color: #b45309; }
.nd-notice { font-size: 0.9em; font-style: italic; }
.nd-weak { font-size: 0.9em; color: #92400e; font-weight: 600; }
.nd-searched { font-size: 0.85em; font-style: italic; }
details.nd-refs { font-size: 0.88em; margin-top: 4px; }
details.nd-article { margin-top: 6px; font-size: 0.9em; }
.nd-when { font-weight: 600; }
ol.nd-timeline { padding-left: 0; list-style: none; }
li.nd-event { margin-bottom: 8px; line-height: 1.45; }
li.nd-event time { display: block; font-weight: 600; }
@media (max-width: 640px) {  /* touch: 44 px targets */
  #nd-chat a.nd-cite, .nd-timeline a.nd-cite { display: inline-block; min-width: 44px; min-height: 44px; line-height: 44px; text-align: center; }
  details.nd-refs summary, details.nd-article summary { min-height: 44px; line-height: 44px; }
  button { min-height: 44px; }
}
#nd-question textarea::placeholder { color: #4b5563; opacity: 1; }
.dark #nd-question textarea::placeholder { color: #d1d5db; }
#nd-ask { background: #c2410c; color: #ffffff; }
.nd-chips { font-size: 0.9em; }
details.nd-refs ul { list-style: none; padding-left: 0; }
details.nd-refs li.nd-active { outline: 2px solid #f59e0b; }
"""

# "Copy": the conversation as plain text onto the clipboard (a textarea fallback where the page is not a secure
# context, e.g. plain http on a LAN address).
COPY_JS = """
(text) => {
  if (!text) return;
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text); return; }
  const area = document.createElement('textarea');
  area.value = text; document.body.appendChild(area); area.select();
  document.execCommand('copy'); area.remove();
}
"""

# Clicking [n] in an answer selects citation n: in the sources panel when it shows that answer, else in the
# answer's own folded source list.
HEAD = """
<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest('a.nd-cite');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const m = (link.getAttribute('href') || '').match(/#nd-([at]\\d+)-ref-(\\d+)/);
  if (!m) return;
  const key = m[1], n = m[2];
  document.querySelectorAll('.nd-active').forEach(function (el) { el.classList.remove('nd-active'); });
  const panel = document.querySelector('#nd-sources .nd-panel');
  let target = null;
  if (panel && panel.getAttribute('data-a') === key) {
    target = panel.querySelector('#nd-cite-' + n);
    const card = target && target.closest('.nd-card');
    if (card) card.classList.add('nd-active');
  } else {
    let box = link.parentElement;  // the answer's own message, which holds its folded source list
    while (box && !box.querySelector('details.nd-refs')) box = box.parentElement;
    const items = box ? [...box.querySelectorAll('details.nd-refs li.nd-ref')] : [];
    target = items.find(function (li) { return li.querySelector('.nd-n').textContent === '[' + n + ']'; }) || null;
    const fold = target && target.closest('details');
    if (fold) fold.open = true;
  }
  if (!target) return;
  target.classList.add('nd-active');
  target.scrollIntoView({block: 'center'});
}, true);
// Screen readers: the chat labels each message with its HTML source; label it with its text instead.
function ndLabels() {
  document.querySelectorAll('#nd-chat [aria-label*="message:"]').forEach(function (el) {
    const label = el.getAttribute('aria-label');
    if (label.indexOf('<') < 0) return;
    const who = label.slice(0, label.indexOf(':') + 1);
    const text = (el.innerText || '').replace(/\\s+/g, ' ').replace(/</g, '‹').trim().slice(0, 600);
    el.setAttribute('aria-label', who + ' ' + text);
  });
}
new MutationObserver(ndLabels).observe(document.documentElement, {subtree: true, childList: true,
                                                                   attributes: true, attributeFilter: ['aria-label']});
</script>
"""
