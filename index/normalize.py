"""Raw record fields -> Article: field-name mapping, dates, outlet, title and id."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from index.clean import clean_inline, clean_text
from index.errors import InputError
from index.sources import Record
from index.types import Article

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "article_id", "guid", "uuid", "_id"),
    "title": ("title", "headline", "name", "subject"),
    "text": ("text", "content", "body", "article", "story", "full_text", "maintext", "description"),
    "url": ("url", "link", "href", "canonical_url", "permalink"),
    "published": (
        "published", "date", "publish_date", "published_at", "pubdate", "pub_date",
        "date_published", "datetime", "timestamp", "created_at", "time",
    ),
    "source": ("source", "outlet", "publisher", "site", "site_name", "sitename", "domain", "newspaper"),
    "authors": ("authors", "author", "byline", "creator", "writers"),
}

_URL_DATE = [
    re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)"),
    re.compile(r"/((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[/\-_.]|$)"),
    re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)"),
]
_CONTROL_OR_ENTITY = re.compile(r"&#?\w+;|[\x00-\x1f\x7f]")
_MONTH_NUMBER = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_FILE_DATE = re.compile(r"((?:19|20)\d{2})[-_.](0[1-9]|1[0-2])[-_.](0[1-9]|[12]\d|3[01])")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_TEXT_DATE = re.compile(
    rf"\b(?:({_MONTHS})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})|(\d{{1,2}})\s+({_MONTHS})\.?,?\s+((?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
# "MOSCOW, August 8 (RIA Novosti) –" : the outlet in a dateline.
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},[^()\n]{0,30}\(([A-Z][\w .&'-]{1,40})\)\s*[–—-]")


def pick(fields: dict[str, Any], name: str) -> Any:
    """The first non-empty value among the known names of a field (case-insensitive keys)."""
    lowered = {str(k).lower(): v for k, v in fields.items()}
    for key in FIELD_NAMES[name]:
        value = lowered.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def parse_date(value: Any) -> date | None:
    """A date from ISO strings, RFC 2822, '26-FEB-1987 15:01', 'August 8, 2013', epoch numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.utcfromtimestamp(seconds).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = _CONTROL_OR_ENTITY.sub(" ", str(value)).strip()
    m = re.match(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})", text)
    if not m:
        m2 = re.match(rf"^(\d{{1,2}})[- ]({_MONTHS})[a-z]*\.?[- ,]+((?:19|20)\d{{2}})\b", text, re.IGNORECASE)
        if m2:  # 26-FEB-1987 15:01:01.79 (newswire), 8 Aug 2013
            return parse_date(f"{m2[3]}-{_MONTH_NUMBER[m2[2][:3].lower()]:02d}-{int(m2[1]):02d}")
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if not re.search(r"(?:19|20)\d{2}", text):
        return None  # no year: refuse to guess one
    import warnings

    from dateutil import parser as dateparser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time-zone names: the date is all we keep
            parsed = dateparser.parse(text, fuzzy=True, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if str(parsed.year) not in text:  # fuzzy parsing invented a year: refuse it
        return None
    return parsed.date() if 1800 < parsed.year < 2200 else None


def date_from_url(url: str) -> date | None:
    path = urlsplit(url).path if url else ""
    for pattern in _URL_DATE:
        m = pattern.search(path)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def date_from_text(text: str) -> date | None:
    """A full date (with a year) near the start of the text, e.g. a dateline."""
    m = _TEXT_DATE.search(text[:600])
    if not m:
        return None
    return parse_date(m.group(0))


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or "" if url else ""
    return host[4:] if host.startswith("www.") else host


def normalize_url(url: str) -> str:
    """A URL key that ignores scheme, www., query, fragment, index pages and trailing slashes."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = re.sub(r"/(index|default)\.(html?|php|aspx?)$", "", parts.path)
    return f"{host}{path.rstrip('/')}".lower()


def _title_from_text(text: str) -> tuple[str, str]:
    """(title, remaining text): a short first line is a headline; otherwise the first sentence."""
    first, _, rest = text.partition("\n")
    if len(first) <= 150 and rest and not first.rstrip().endswith((".", "?", "!", ":", "—", "–")):
        return first.strip(), rest
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    sentence = re.sub(r"^[A-Z][A-Za-z .'-]{1,40},[^()\n]{0,30}(\([^)]*\))?\s*[–—-]\s*", "", sentence)
    if len(sentence) > 110:
        sentence = sentence[:110].rsplit(" ", 1)[0] + "…"
    return sentence, text


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        names = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value]
    else:
        text = re.sub(r"^\s*by\s+", "", str(value), flags=re.IGNORECASE)
        names = re.split(r"\s*(?:;|,| and )\s*", text)
    return [clean_inline(n) for n in names if clean_inline(n)]


MAX_RECORD_CHARS = 2_000_000  # article text longer than this is refused (a dump, not an article)
FUTURE_DAYS = 2  # dates further ahead than this (time zones aside) are refused


def to_article(record: Record, default_source: str = "", warnings: list[str] | None = None) -> Article:
    """Map a raw record to a cleaned Article, or raise InputError naming the record. Suspicious but usable
    records are stored and explained in `warnings` ('file line 3: ...')."""
    fields = record.fields
    warn = warnings.append if warnings is not None else (lambda _msg: None)
    if fields.get("_warning"):  # the reader noticed something about the file (a partly parsed feed)
        warn(f"{record.origin}: {fields['_warning']}")
    raw_text = pick(fields, "text")
    if (raw_text is None or not str(raw_text).strip()) and str(pick(fields, "title") or "").strip():
        raw_text = str(pick(fields, "title"))  # a headline-only item (wire flashes): the headline is the text
        warn(f"{record.origin}: no article text; stored as a headline-only item (name the body field one of: "
             f"{', '.join(FIELD_NAMES['text'][:4])})")
    if isinstance(raw_text, str) and len(raw_text) > MAX_RECORD_CHARS:
        raise InputError(record.origin, f"article text of {len(raw_text):,} characters is over the limit of "
                         f"{MAX_RECORD_CHARS:,}", "split the record: it looks like a whole dump in one field")
    if raw_text is None or not isinstance(raw_text, str) or not raw_text.strip():
        known = ", ".join(FIELD_NAMES["text"][:4])
        raise InputError(record.origin, "no article text", f"give the body in a field named one of: {known}")
    text = clean_text(raw_text)
    if not text:
        raise InputError(record.origin, "article text is empty after removing boilerplate")
    title = clean_inline(str(pick(fields, "title") or ""))
    if not title:
        title, text = _title_from_text(text)
    url = str(pick(fields, "url") or "").strip()
    file_name = str(fields.get("_file") or "")
    raw_date = pick(fields, "published")
    published = parse_date(raw_date)
    if raw_date not in (None, "") and published is None and not isinstance(raw_date, str | int | float):
        raise InputError(record.origin, f"unreadable date {raw_date!r}", "use YYYY-MM-DD")
    if published is not None and published > date.today() + timedelta(days=FUTURE_DAYS):
        warn(f"{record.origin}: date {published.isoformat()} is in the future; not used")
        published = None
    elif raw_date not in (None, "") and published is None:
        iso = re.match(r"\s*(\d{4})-\d{2}-\d{2}\b", str(raw_date))
        if iso and int(iso[1]) > date.today().year:  # a year parse_date does not take (3000-01-01)
            warn(f"{record.origin}: date {iso[0].strip()} is in the future; not used")
        else:
            warn(f"{record.origin}: date {str(raw_date)[:40]!r} not understood; not used (write YYYY-MM-DD)")
    published = (
        published
        or date_from_url(url)
        or date_from_text(text)
        or (_file_date(file_name) if file_name else None)
    )
    source = clean_inline(str(pick(fields, "source") or ""))
    if not source:
        m = _DATELINE_OUTLET.match(text)
        source = site_of(url) or (m.group(1).strip() if m else "") or default_source
    raw_id = pick(fields, "id")
    if raw_id not in (None, ""):
        article_id = str(raw_id).strip()
    elif file_name:
        article_id = Path(file_name).name.split(".")[0]
    elif url:
        article_id = hashlib.sha1(normalize_url(url).encode()).hexdigest()[:16]
    else:
        article_id = hashlib.sha1((title + "\n" + text).encode()).hexdigest()[:16]
    return Article(
        id=article_id,
        title=title,
        text=text,
        url=url,
        source=source,
        published=published,
        authors=_authors(pick(fields, "authors")),
        origin=record.origin,
    )


def _file_date(file_name: str) -> date | None:
    m = _FILE_DATE.search(Path(file_name).name)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
