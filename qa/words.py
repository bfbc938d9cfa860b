"""Word rules the retrieval, question analysis and evidence checks share: words that carry meaning, possessives,
number words."""

from __future__ import annotations

import re

from index.keywords import stem

_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "is", "was", "were", "did", "does",
         "do", "what", "which", "who", "whom", "why", "how", "when", "where", "this", "that", "these", "those",
         "with", "by", "at", "from", "as", "be", "been", "are", "it", "its", "has", "have", "had", "week",
         "recently", "according", "said", "says", "about", "after", "than", "their", "they", "his", "her"}


def content_words(text: str) -> set[str]:
    """Stemmed, lower-cased words that carry meaning (no stop words, no single characters)."""
    return set(stem([w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1]))


_POSSESSIVE = re.compile(r"\s*['’]s$")


def without_possessive(name: str) -> str:
    """A name without its possessive: "South Korea's" -> "South Korea", and the tagger's spaced "Sri Lanka 's"."""
    return _POSSESSIVE.sub("", name)


UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")  # the index is the value
TENS = {w: 10 * i for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
                                        start=2)}
_WORD_NUMBER = re.compile(rf"(?<![\w-])(?:({'|'.join(TENS)})(?:[- ]({'|'.join(UNITS[1:10])}))?|({'|'.join(UNITS)}))"
                          r"(?![\w-])", re.I)


def in_figures(amount: str) -> str:
    """Number words as figures: "seven" -> "7", "six months" -> "6 months", "twenty-five" -> "25"; fractions and
    names stay ("two-thirds", "Brooklyn Nine-Nine")."""
    def figure(m: re.Match[str]) -> str:
        if m.group(3):
            return str(UNITS.index(m.group(3).lower()))
        return str(TENS[m.group(1).lower()] + (UNITS.index(m.group(2).lower()) if m.group(2) else 0))
    return _WORD_NUMBER.sub(figure, amount)


_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3}){2,})(?![\d,]|\.\d)")


def in_magnitude(amount: str) -> str:
    """A figure of a million or more in the words news writes it in where that loses nothing: "$12,600,000" ->
    "$12.6 million", "2,000,000,000" -> "2 billion"; "1,234,567" stays (it would need rounding)."""
    def spelled(m: re.Match[str]) -> str:
        value = int(m.group(1).replace(",", ""))
        for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if value >= size and (value * 100) % size == 0:
                return f"{value / size:.2f}".rstrip("0").rstrip(".") + f" {name}"
            if value >= size:
                break
        return m.group(1)
    return _GROUPED.sub(spelled, amount)


# right before a name: it lost ("defeating the Tampa Bay Lightning", "a win over Brazil"); the answer checks and
# the claim checks read it
BEATEN = re.compile(r"\b(?:defeat(?:s|ed|ing)?|beat(?:s|ing)?|edg(?:es|ed|ing)|rout(?:s|ed|ing)|thrash(?:es|ed|ing)|"
                    r"overc(?:ame|oming)|eliminat(?:es|ed|ing)|oust(?:s|ed|ing)|upset(?:s|ting)?)"
                    r"(?:\s+[a-z][\w'’-]*,?){0,4}\s+$"  # "defeating his rightwing rival, incumbent Jair Bolsonaro"
                    r"|\b(?:over|against|past)\s+(?:the\s+)?$", re.I)


# a prize's name ("the Hart Trophy", "the Nobel Peace Prize"), which the small tagger may call a person: no one who
# won or did something; the answer checks and the claim checks read it
PRIZE = re.compile(r"\b(?:Trophy|Award|Awards|Prize|Prizes|Medal|Cup|Globes?|Oscars?|Emmys?|Grammys?|MVP)\W*$")


# a title that goes before a name: alone ("the Queen said", "Pope urges") it names no one; before a name ("Prince
# Charles") it is no part of what tells one person from another
_TITLES = (r"(?:king|queen|pope|prince|princess|president|premier|chancellor|senator|sen|governor|gov|mayor|judge|"
           r"justice|minister|secretary|general|coach|dr|mr|mrs|ms|sir|dame|lord|lady|emperor|empress|duke|duchess|"
           r"speaker)\.?")
TITLE_ALONE = re.compile(rf"(?:the\s+)?{_TITLES}", re.I)
TITLE_BEFORE = re.compile(rf"^(?:the\s+)?(?:(?:former|late|then|new)\s+)?{_TITLES}\s+(?=[A-Z])", re.I)


_ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.I)
_ROMAN_VALUES = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}


def roman(word: str) -> int | None:
    """The value of a Roman numeral ("LVII" -> 57, "ii" -> 2, "I" -> 1); None for anything else."""
    w = word.lower()
    if not w or not _ROMAN.fullmatch(w):
        return None
    values = [_ROMAN_VALUES[c] for c in w]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
