"""When things happened: date expressions in article sentences resolved against the publication date (pure).

"on Monday" in an article of Tuesday 26 March 2024 is Monday 25 March 2024; "yesterday" the day before;
"March 5" the 5th of March nearest the publication date (this year's, last year's or next year's);
"5 March 2013" and "March 2013" are taken as written. Weekdays count back from the publication day (the day
itself included): news mostly reports what happened. Measured on eval/sets/event_dates.jsonl
(python -m eval.time_eval).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
# Every key of _MONTHS, as a factored alternation behind a first-letter test: three times faster to scan
# than the plain list of names (a test checks that it takes every name).
MONTH = (r"(?=[adfjmnos])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAY = "(?:mon|tues|wednes|thurs|fri|satur|sun)day"
YEAR = r"(?:1[6-9]|20)\d\d"  # a year in news: 1600-2099 (the one year pattern of index and qa)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month_day_year", re.compile(rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({YEAR})\b", re.I)),
    ("day_month_year", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})\.?,?\s+({YEAR})\b", re.I)),
    ("iso", re.compile(rf"\b({YEAR})-(\d\d)-(\d\d)\b")),
    ("month_day", re.compile(rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*{YEAR})", re.I)),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})\b(?!\.?,?\s+{YEAR})", re.I)),
    ("month_year", re.compile(rf"\b({MONTH})\.?,?\s+({YEAR})\b", re.I)),
    ("relative", re.compile(r"\b(today|yesterday|tomorrow|last night|this morning|earlier today)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:on\s+|last\s+)?({WEEKDAY})\b", re.I)),
]


@dataclass(frozen=True)
class EventDate:
    start: int  # character offsets of the phrase in the text
    end: int
    phrase: str
    day: date  # the resolved date (the first day of the month where only the month is known)
    precision: str  # "day" or "month"

    @property
    def relative(self) -> bool:
        """True where the phrase does not name the date by itself ("on Monday", "yesterday", "March 5")."""
        return not re.search(YEAR, self.phrase)

    def label(self) -> str:
        """'25 March 2024', or 'March 2024' where only the month is known."""
        if self.precision == "month":
            return f"{calendar.month_name[self.day.month]} {self.day.year}"
        return f"{self.day.day} {calendar.month_name[self.day.month]} {self.day.year}"


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date) -> date | None:
    """A month and day without a year: the year that puts it nearest the publication date (news reports what
    happened and announces what comes: "on July 12" in May is this July, "on December 12" in March last one)."""
    options = [d for d in (_safe(published.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
    return min(options, key=lambda d: abs((d - published).days)) if options else None


# words before a weekday that put it after the article ("will meet on Friday", "expected back Thursday")
_COMING = re.compile(r"\b(?:will|expected|scheduled|set to|slated|due|plans? to|kicks? off|upcoming|next)\b[^.!?;]*$",
                     re.I)


def _weekday(weekday: int, published: date, last: bool, before: str) -> date:
    """The day a weekday name means in an article of `published`: that day of its week or of the week before, or
    the coming one where the words before it say so ("will meet on Friday"). The day after the publication date
    is always the coming one ("said on Friday" in an article dated Thursday: a time zone behind, or a
    schedule); news names a day six days past as "last Friday". Checked on the 3k RealTimeQA archive."""
    back = (published.weekday() - weekday) % 7
    if last:
        return published - timedelta(days=back or 7)
    if back == 0:
        return published
    if back == 6 or _COMING.search(before):
        return published + timedelta(days=7 - back)
    return published - timedelta(days=back)


def event_dates(text: str, published: date | None) -> list[EventDate]:
    """Date expressions in the text, resolved (relative ones only when the publication date is known)."""
    found: list[EventDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groups()
            d: date | None = None
            precision = "day"
            if kind == "month_day_year":
                d = _safe(int(g[2]), _MONTHS[g[0].lower()], int(g[1]))
            elif kind == "day_month_year":
                d = _safe(int(g[2]), _MONTHS[g[1].lower()], int(g[0]))
            elif kind == "iso":
                d = _safe(int(g[0]), int(g[1]), int(g[2]))
            elif kind == "month_year":
                d, precision = _safe(int(g[1]), _MONTHS[g[0].lower()], 1), "month"
            elif published is None:
                continue
            elif kind == "month_day":
                d = _year_for(_MONTHS[g[0].lower()], int(g[1]), published)
            elif kind == "day_month":
                d = _year_for(_MONTHS[g[1].lower()], int(g[0]), published)
            elif kind == "relative":
                word = g[0].lower()
                d = published + timedelta(days={"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0))
            elif kind == "weekday":
                d = _weekday(_DAYS[g[0].lower()], published, m.group(0).lower().startswith("last"),
                             text[max(0, m.start() - 100) : m.start()])
            if d is None:
                continue
            found.append(EventDate(m.start(), m.end(), m.group(0), d, precision))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda e: e.start)


def absolute(phrase: str, published: date | None, before: str = "") -> str:
    """A date phrase with its absolute date added where the phrase is relative: 'on Monday' in an article of
    26 March 2024 -> 'on Monday, 25 March 2024', 'after August 31' -> 'after August 31, 2022' (the year it
    resolves to). `before` is the text the phrase follows in its sentence, which may put a weekday ahead ("will
    get another attempt on Saturday"). Other text comes back unchanged."""
    dates = [e for e in event_dates(before + phrase, published) if e.end > len(before)]
    if len(dates) != 1 or not dates[0].relative:
        return phrase
    e = dates[0]
    end = e.end - len(before)
    if e.phrase[:1].isdigit():  # "31 August" -> "31 August 2022"
        return f"{phrase[:end]} {e.day.year}{phrase[end:]}"
    if re.match(MONTH, e.phrase, re.I):  # "August 31" -> "August 31, 2022"
        return f"{phrase[:end]}, {e.day.year}{phrase[end:]}"
    return f"{phrase[:end]}, {e.label()}{phrase[end:]}"
