"""Dates written in questions ("in August 2013", "last week") -> a date range (pure)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))


@dataclass(frozen=True)
class DateRange:
    since: date | None
    until: date | None
    phrase: str
    relative: bool = False  # "this week", "recently": relative to the as-of date
    published: bool = False  # the question asks what was published then ("news from March 2013"), not
    # what happened then ("what happened in March 2013?")


# Words before a date that make it a publication date: "articles from March 2013", "what was reported in 2013"
_PUBLISHED = re.compile(r"\b(articles?|news|reports?|reported|reporting|coverage|stories|headlines|published|"
                        r"written|wrote|press)\b")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def dates_in_question(question: str, today: date) -> DateRange | None:
    """The range a question's own words ask for, relative to `today` (the as-of date) where relative."""
    q = question.lower()
    m = re.search(rf"\b(?:in|during|from|of)\s+({_MONTH_RE})\.?,?\s+((?:19|20)\d{{2}})\b", q)
    if m:
        year, month = int(m[2]), _MONTHS[m[1]]
        return DateRange(date(year, month, 1), _month_end(year, month), m.group(0),
                         published=bool(_PUBLISHED.search(q[: m.start()])))
    m = re.search(r"\b(?:in|during|between|from)\s+((?:19|20)\d{2})\s*(?:-|–|to|and|or|through|until)\s*"
                  r"((?:19|20)\d{2})\b", q)
    if m and int(m[1]) <= int(m[2]):  # "in 2019 and 2020", "between 2010 and 2014": both years and those between
        return DateRange(date(int(m[1]), 1, 1), date(int(m[2]), 12, 31), m.group(0),
                         published=bool(_PUBLISHED.search(q[: m.start()])))
    m = re.search(r"\b(?:in|during)\s+((?:19|20)\d{2})\b(?!\s*(?:-|to)\s*\d)", q)
    if m:
        year = int(m[1])
        return DateRange(date(year, 1, 1), date(year, 12, 31), m.group(0),
                         published=bool(_PUBLISHED.search(q[: m.start()])))
    rel = [
        (r"\btoday\b", 0, 0),
        (r"\byesterday\b", 1, 1),
        (r"\b(?:this|past)\s+week\b", 7, 0),
        (r"\blast\s+week\b", 14, 0),
        (r"\b(?:this|past)\s+month\b", 31, 0),
        (r"\blast\s+month\b", 62, 0),
        (r"\b(?:this|past)\s+year\b", 366, 0),
        (r"\blast\s+year\b", 2 * 366, 0),
        (r"\b(?:recently|lately|latest)\b", 31, 0),
    ]
    for pattern, back, until_back in rel:
        m = re.search(pattern, q)
        if m:
            return DateRange(today - timedelta(days=back), today - timedelta(days=until_back), m.group(0), True)
    return None
