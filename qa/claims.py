"""Claims against the archive: does a retrieved sentence state an option or a claim, or contradict it?

Offline multiple choice checks each option as a claim: the option must be named in a sentence of the
retrieved passages, and the option whose naming sentence best matches the question wins; when no option is
named by a sentence that matches the question well enough, the answer is "None of the above".
`verify_claim` checks a free-text claim the same way and looks for contradictions: a sentence that matches
the claim's other words but states another number, date or name in its place.
"""

from __future__ import annotations

import calendar
import re
import string
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from index.eventdates import YEAR, EventDate, event_dates
from index.nlp import entities, proper_nouns
from qa.countries import is_country
from qa.extract import Scored
from qa.types import iso_date
from qa.words import BEATEN, PRIZE, UNITS, content_words, in_figures, roman, without_possessive

NOTA = "None of the above"
CHOICE_MIN = 0.45  # an option's best naming sentence must score this (0.6 x cosine + 0.4 x coverage)
SUPPORT_MIN = 0.7  # share of a claim's content words a sentence must state to support it
CONTRA_MIN = 0.6  # share of the claim's other words a contradicting sentence must state
_SLOT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "CARDINAL", "MONEY", "PERCENT",
                          "QUANTITY", "ORDINAL", "EVENT", "FAC", "PRODUCT"})
_PUNCT = set(string.punctuation) | {"’", "‘", "“", "”"}

Verdict = Literal["supported", "contradicted", "not_found"]
_ALL_OF_THEM = {"all of above", "all of these", "all above"}  # normalised: "All of the above"


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")


def normalize(text: str) -> str:
    """Lower case, punctuation as spaces, no articles, single spaces (SQuAD-style); a figure stays one word
    ("$5.75" is "5.75", not "5 75", which would name "$5"; "1,200" is "1200")."""
    text = text.lower()
    text = _DECIMAL.sub("\x00", _THOUSANDS.sub("", text))
    text = "".join(" " if ch in _PUNCT else ch for ch in text).replace("\x00", ".")
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


_SPELLED = (*UNITS, "twenty")


def _spelled_out(text: str) -> str:
    """Small figures as the press writes them ("7 titles" -> "seven titles"); from 3: "one" and "two" are too
    common as words ("one of them") to stand for a figure."""
    return re.sub(r"(?<![\d.])\b([3-9]|1\d|20)\b(?![\d.])", lambda m: _SPELLED[int(m.group(1))], text)


_GLUED_UNIT = re.compile(r"(?<=\d)(?=[a-z])(?!(?:st|nd|rd|th)\b)")  # "104.5F", not "15th"


def words(text: str) -> set[str]:
    """Content words with each figure one word, however short: "10,000" is "10000" (not "10" and "000", which
    "110,000" and a question's "10 minutes" would name), "$1 million" keeps its "1" (without it "$19 million"
    names it) and "5.75" is one word too; a unit written onto a figure is a word of its own ("104.5F")."""
    text = _GLUED_UNIT.sub(" ", normalize(text)).replace(".", "p")  # the decimal point as a letter: "5p75"
    return content_words(text) | {w for w in re.findall(r"[a-z0-9]+", text) if w[0].isdigit()}


def names(sentence: str, option: str, question_words: set[str]) -> bool:
    """The sentence names the option: the whole option (a small figure also spelled out: "seven" names "7"), or
    all its words (`words`) the question (`question_words`, the same way) does not already use."""
    opt = normalize(option)
    if not opt:
        return False
    text = f" {normalize(sentence)} "
    if f" {opt} " in text or f" {_spelled_out(opt)} " in text:
        return True
    own = words(option) - question_words or words(option)
    return bool(own) and own <= words(sentence)


def choose(question: str, options: list[str], scored: list[Scored], minimum: float = CHOICE_MIN,
           direct: str | None = None) -> str:
    """The option the retrieved sentences best support, or NOTA when none is named well enough; "All of the
    above" where every other option is named well enough. Options whose best sentence is the same ("Defense
    Minister Sergei Shoigu and Foreign Minister Sergei Lavrov") go to the one the direct answer (`direct`) names,
    where it names one of them, rather than to the first listed."""
    q_words = words(question)
    every = [o for o in options if normalize(o) in _ALL_OF_THEM]
    top: dict[str, float] = {}
    scores: dict[str, float] = {}
    for option in options:
        if normalize(option) == normalize(NOTA) or option in every:
            continue
        hits = [s.score for s in scored if names(s.text, option, q_words)]
        top[option] = max(hits, default=0.0)
        scores[option] = top[option] + 0.01 * min(len(hits), 5)
    if every and len(scores) >= 2 and min(scores.values()) > minimum:
        return every[0]
    best = max(scores, key=lambda o: scores[o], default=None)
    if best is None or scores[best] <= minimum:
        return NOTA
    if direct:
        tied = [o for o in top if top[o] == top[best]]
        named = [o for o in tied if names(direct, o, q_words) or names(o, direct, q_words)]
        if len(tied) > 1 and len(named) == 1:
            return named[0]
    return best


@dataclass
class ClaimCheck:
    verdict: Verdict
    confidence: float
    sentences: list[Scored] = field(default_factory=list)  # the supporting or contradicting sentences
    note: str = ""


_BARE_YEAR = re.compile(rf"(?:the |in )?({YEAR})")


def _slots(ents: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
    """The claim's (or a sentence's) names, figures and dates by kind; a bare year is a kind of its own, whatever
    the tagger called it ("the 2022" of "the 2022 World Cup" is no event)."""
    out: dict[str, set[str]] = {}
    for e in ents:
        if e.label in _SLOT_LABELS:
            value = normalize(e.text)
            if (bare := _BARE_YEAR.fullmatch(value)) is not None:
                out.setdefault("YEAR", set()).add(bare.group(1))
                continue
            label = "NUMBER" if e.label in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY") else e.label
            out.setdefault(label, set()).add(normalize(in_figures(e.text)) if label == "NUMBER" else value)
    return out


def _missing(claim_slots: dict[str, set[str]], sentence: str, published: str, on: date | None
             ) -> dict[str, set[str]]:
    """The kinds of the claim's values the sentence does not state in full; a year is also stated by its
    article's date where the sentence states none (a 2022 report that "the Avalanche won the Stanley Cup" states
    the 2022 one; "won the Cup in 2020" states another year)."""
    text = f" {normalize(sentence)} {normalize(in_figures(sentence))} "  # "Eleven" states "11"
    undated = not re.search(YEAR, sentence)
    return {label: vs for label, vs in claim_slots.items()
            if not all(f" {v} " in text or (label == "YEAR" and undated and published.startswith(v))
                       or (label == "DATE" and _dated_within(v, sentence, on)) for v in vs)}


@lru_cache(maxsize=64)  # a claim's dates, read again for every sentence checked
def _claimed_dates(value: str) -> tuple[EventDate, ...]:
    """The dates a claim's date value names by itself ("September 2022", "Sept. 6, 2022"; not "Tuesday")."""
    return tuple(event_dates(value, None))


def _dated_within(value: str, sentence: str, on: date | None) -> bool:
    """Whether the sentence dates something within the claim's date ("September 2022", "Sept. 6, 2022"), its
    dates read as the article's date resolves them ("on Tuesday" in a report of 6 September 2022); a month is also
    stated by the article's date where the sentence names no date and no year."""
    claimed = [e for e in _claimed_dates(value) if not e.relative]
    if len(claimed) != 1:
        return False
    first = claimed[0].day
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1]) if claimed[0].precision == "month" \
        else first
    told = event_dates(sentence, on)
    if not told and not re.search(YEAR, sentence) and claimed[0].precision == "month" and on is not None:
        return first <= on <= last  # as a year is: a report of September 2022 that tells of no other date
    return any(first <= e.day <= last for e in told)


def _others(label: str, told: set[str], claimed: set[str], sentence: str, claim: str) -> list[str]:
    """The values of a kind a sentence states in place of the claim's, likeliest first: a figure in the claim's
    unit before others ("44 billion" before "1" against "54 billion"; "50", followed by "basis points", before
    "1.75" against "75 basis points"); never a name with the claimed one's last word (the "Sergey Lavrov" of another
    spelling), nor a value inside a claimed one or holding it ("Super Bowl" is no other "Super Bowl 57")."""
    surnames = {v.split()[-1] for v in claimed if v}
    flat, claim_flat = f" {normalize(sentence)} ", f" {normalize(claim)} "

    def unit(v: str, text: str) -> set[str]:  # the words of a value and the two after it
        at = text.find(f" {v} ")
        return set(re.findall(r"[a-z]+", v + " " + " ".join(text[at + len(v) + 2 :].split()[:2]) if at >= 0 else v))

    units = set().union(*[unit(v, claim_flat) for v in claimed]) - _STOP_UNITS
    others = [v for v in told - claimed if not (label == "PERSON" and v and v.split()[-1] in surnames)
              and not any(_same_thing(v, c) for c in claimed)]
    return sorted(others, key=lambda v: (not unit(v, flat) & units, v))


_STOP_UNITS = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "by", "for", "and", "from", "than"})
_CALENDAR = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$",
                       re.I)


def _names(claim: str) -> set[str]:
    """The claim's proper nouns as content words, which a supporting sentence must state ("Beyonce performed at the
    Super Bowl" is not supported by "Rihanna is set to perform at Super Bowl 57", nor "Annie Ernaux won the Nobel
    Peace Prize" by her Nobel Prize in literature); not months or weekdays, which the date checks read, nor
    countries, which go by several names."""
    return content_words(" ".join(w for w in proper_nouns(claim) if not _CALENDAR.match(w) and not is_country(w)))


def _same_thing(a: str, b: str) -> bool:
    """Whether two values name one thing: one inside the other ("super bowl" in "super bowl 57"), the same with its
    number in Roman numerals ("super bowl lvii"), or numbered once by its year and once otherwise ("super bowl
    2023")."""
    x, y = (" ".join(str(roman(w) or w) for w in v.split()) for v in (a, b))
    if f" {x} " in f" {y} " or f" {y} " in f" {x} ":
        return True
    words_x, words_y = [w for w in x.split() if not w.isdigit()], [w for w in y.split() if not w.isdigit()]
    years_x, years_y = ({bool(re.fullmatch(YEAR, w)) for w in v.split() if w.isdigit()} for v in (x, y))
    return bool(words_x) and words_x == words_y and len(years_x) == len(years_y) == 1 and years_x != years_y


def _figures(sentence: str) -> set[str]:
    """The figures of a sentence, number words as figures: for a count the tagger missed ("Eleven former members")."""
    return {normalize(m) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", in_figures(sentence))}


def _nearer_rival(text: str, ents: list, claim_slots: dict[str, set[str]],  # type: ignore[type-arg]
                  other: set[str]) -> tuple[str, str] | None:
    """A name of the same kind sitting closer to the claim's other words than the claim's own name does:
    'Defense Minister Sergei Shoigu and Foreign Minister Sergei Lavrov' against 'Lavrov is defense minister'."""
    anchors: dict[str, list[int]] = {}
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        for stem in content_words(m.group(0)) & other:
            anchors.setdefault(stem, []).append(m.start())
    if not anchors:
        return None

    def distance(start: int) -> int:  # how far the name sits from each of the claim's other words
        return sum(min(abs(p - start) for p in places) for places in anchors.values())

    for label in ("PERSON",):  # places and organisations are often settings, not the subject
        mine = claim_slots.get(label, set())
        if not mine:
            continue
        own = [e for e in ents if e.label == label and normalize(e.text) in mine]
        rivals = [e for e in ents if e.label == label and normalize(e.text) not in mine and not PRIZE.search(e.text)
                  and not any(normalize(e.text) in m or m in normalize(e.text) for m in mine)]
        if own and rivals:
            best_own = min(own, key=lambda e: distance(e.start))
            best_rival = min(rivals, key=lambda e: distance(e.start))
            if distance(best_rival.start) + 15 < distance(best_own.start):
                return best_own.text, best_rival.text
    return None


_WON = re.compile(r"\s+(?:won|wins|beat|beats|defeated|clinched|captured|lifted)\b", re.I)


_DATE_NEAR = 40  # characters between a contradicting date and one of the claim's other words

# (case-sensitive: "in May" is a month)
_HEDGE = re.compile(r"\b(?:will|would|could|might|may|expected\s+to|set\s+to|likely\s+to|poised\s+to|hopes?\s+to|"
                    r"plans?\s+to|wants?\s+to|seeks?\s+to|aims?\s+to|if|whether|either)\b")


def _hedged(claim: str, sentence: str, claim_ents: list) -> bool:  # type: ignore[type-arg]
    """Whether the sentence tells as what may come, or as one of alternatives, what the claim tells as done: a
    future or hedged verb, or "either"/"or", within a few words after the claim's name ("Liz Truss or Rishi Sunak
    will be named prime minister" against "Rishi Sunak became prime minister"). A claim that hedges is not
    checked so."""
    if _HEDGE.search(claim):
        return False
    for e in claim_ents:
        if e.label not in _WINNERS:
            continue
        for m in re.finditer(re.escape(e.text), sentence, re.I):
            if _HEDGE.search(sentence[m.end() : m.end() + 25]) or re.match(r"\s+or\b|\W+\s*or\b", sentence[m.end() :])\
                    or re.search(r"\b(?:either|or)\s+$", sentence[max(0, m.start() - 10) : m.start()]):
                return True
    return False


def _other_dates(sentence: str, other: set[str], on: date | None) -> list[str]:
    """The dates the sentence tells beside the claim's other words, resolved against the article's date (where
    `_missing` found none within the claim's date, they are other dates): "8 September 2022" for "on Thursday"."""
    anchors = [m.start() for m in re.finditer(r"[A-Za-z0-9]+", sentence) if content_words(m.group(0)) & other]
    near = [(min(abs(a - e.start) for a in anchors), e.label()) for e in event_dates(sentence, on) if anchors]
    return [label for distance, label in sorted(near) if distance <= _DATE_NEAR]  # the nearest first


_WINNERS = ("PERSON", "ORG", "GPE", "NORP")
# what a winner does or is ("beat" and "defeat" name the loser after them: BEATEN)
_WIN_WORDS = re.compile(r"\b(?:won|wins?|winning|winners?|victor(?:y|ies|ious)|champions?|championship|titles?|"
                        r"clinch(?:ed|es|ing)?|lifted|triumph(?:ed|s)?|beat(?:s|ing)?|defeat(?:s|ed|ing)?|"
                        r"edg(?:es|ed|ing)|rout(?:s|ed|ing)|oust(?:s|ed|ing)|eliminat(?:es|ed|ing))\b", re.I)


def _winner(claim: str, claim_ents: list) -> Any:  # type: ignore[type-arg]
    """The name the claim says won ("Germany" of "Germany won the Women's Euro 2022"), or None."""
    return next((e for e in claim_ents if e.label in _WINNERS and _WON.match(claim, e.end)), None)


_WIN_NEAR = 50  # characters: a claimed winner this near a win word of the sentence is its winner


def _other_winner(winner: Any, sentence: str, claim_ents: list, ents: list) -> str | None:  # type: ignore[type-arg]
    """Where the claim says who won (`winner`, see _winner): the name of the claimed winner's kind the sentence puts
    nearer its win than the claim's ("England celebrates their victory in the final between England and Germany"
    against "Germany won"); "no one" where the sentence tells of no win or puts a name of another kind nearer it;
    None where the claimed winner is near a win of the sentence, or the claim names no winner."""
    if winner is None:
        return None
    wins = [m.start() for m in _WIN_WORDS.finditer(sentence)]
    if not wins:
        return "no one"
    name = without_possessive(re.sub(r"^the\s+", "", winner.text, flags=re.I))
    mine = normalize(name)

    def distance(start: int) -> int:
        return min(abs(w - start) for w in wins)

    # where the sentence names the claimed winner, tagged or not (the tagger misses names in long lists)
    own = [m.start() for m in re.finditer(re.escape(name), sentence, re.I)]
    claimed = {normalize(e.text) for e in claim_ents}  # "the Women's Euro 2022" is what was won, not a rival
    rivals = [e for e in ents if e.label in _WINNERS and mine not in normalize(e.text) and normalize(e.text) not in
              mine and normalize(e.text) not in claimed and not BEATEN.search(sentence, 0, e.start)  # not the loser
              and not PRIZE.search(e.text)]  # nor what was won ("the Vezina Trophy")
    if not own or not rivals or min(map(distance, own)) <= _WIN_NEAR:
        return None
    best = min(rivals, key=lambda e: distance(e.start))
    if distance(best.start) + 15 >= min(map(distance, own)):
        return None
    # a name of another kind nearer the win unsettles the claim's, but only one of its kind contradicts it
    # ("Grand Slam" beside "beating" for "Elena Rybakina won Wimbledon")
    return str(best.text) if best.label == winner.label else "no one"


def _lost(winner: Any, sentence: str) -> str | None:
    """The claim's winner (see _winner) where the sentence has it lose: "The Tampa Bay Lightning won the Stanley Cup"
    against "... celebrate after defeating the Tampa Bay Lightning"."""
    if winner is None or not _WIN_WORDS.search(sentence):  # "will pit England against Germany": no one lost yet
        return None
    name = re.sub(r"^the\s+", "", winner.text, flags=re.I)
    for m in re.finditer(re.escape(name), sentence, re.I):
        if BEATEN.search(sentence, 0, m.start()):
            return name
    return None


def verify_claim(claim: str, scored: list[Scored], candidates: int = 12, published: list[str] | None = None
                 ) -> ClaimCheck:
    """Supported, contradicted or not found, judged on the best-matching retrieved sentences. A supporting
    sentence states every name, figure and date of the claim (a year may be its article's); a contradicting one
    states all of them but one kind, and another value of that kind in its place. `published` holds the date of
    each passage the sentences come from (by `Scored.passage`)."""
    words = content_words(claim)
    if not words or not scored:
        return ClaimCheck("not_found", 1.0 if not scored else 0.5)
    pool = scored[:candidates]
    ents = entities([claim] + [s.text for s in pool])
    claim_slots = _slots(ents[0])
    slot_words = set().union(*[content_words(v) for vs in claim_slots.values() for v in vs]) if claim_slots else set()
    other = words - slot_words
    named = _names(claim)
    winner = _winner(claim, ents[0])  # who the claim says won, if it says so
    supported: list[tuple[float, Scored]] = []
    contradicted: list[tuple[float, Scored, str]] = []
    for s, es in zip(pool, ents[1:], strict=True):
        day = published[s.passage] if published is not None and 0 <= s.passage < len(published) else ""
        on = iso_date(day[:10])  # the article's date, which resolves "on Tuesday"
        missing = _missing(claim_slots, s.text, day, on)
        sw = content_words(s.text) | (claim_slots.get("YEAR", set()) if "YEAR" not in missing else set())
        if "DATE" in claim_slots and "DATE" not in missing:  # "on Thursday" states "September 2022" (_missing)
            sw |= content_words(" ".join(claim_slots["DATE"]))
        cov = len(words & sw) / len(words)
        if cov >= SUPPORT_MIN and not missing and named <= content_words(s.text):  # every name of the claim
            if _hedged(claim, s.text, ents[0]):  # "Liz Truss or Rishi Sunak will be named prime minister" tells
                continue  # what may come, not that Rishi Sunak became it
            rival = _nearer_rival(s.text, es, claim_slots, other)
            lost = _lost(winner, s.text)
            won = _other_winner(winner, s.text, ents[0], es) if lost is None else None
            if lost is not None:
                contradicted.append((cov, s, f"says {lost} lost"))
            elif won == "no one":  # "the final between England and Germany" says nothing of who won: no support
                continue
            elif won is not None:
                contradicted.append((cov, s, f"has {won} win where the claim has {winner.text}"))
            elif rival is None:
                supported.append((cov, s))
            else:
                contradicted.append((cov, s, f"names {rival[1]} where the claim has {rival[0]}"))
            continue
        other_cov = len(other & sw) / len(other) if other else 0.0
        # the same thing, but for one kind of value; not a year: "Brazil won the 2022 World Cup" is not contradicted
        # by Brazil's 1970 one
        if len(missing) == 1 and "YEAR" not in missing and other_cov >= CONTRA_MIN:
            theirs = _slots(es)
            for label, vs in missing.items():
                # a date the sentence tells, resolved ("on Thursday" in a report of 8 September 2022), beside the
                # claim's other words ("died"), not of another event it tells of; the nearest first
                dated = label == "DATE" and any(_claimed_dates(v) for v in vs)  # not "the age of 89"
                told = theirs.get(label, set()) or (_figures(s.text) if label == "NUMBER" else set())
                differ = _other_dates(s.text, other, on) if dated else _others(label, told, vs, s.text, claim)
                if differ:
                    contradicted.append((other_cov, s, f"states {differ[0]} instead of {sorted(vs)[0]}"))
                    break
    if supported:
        supported.sort(key=lambda x: -x[0])
        return ClaimCheck("supported", round(supported[0][0], 3), [s for _, s in supported[:3]])
    if contradicted:
        contradicted.sort(key=lambda x: -x[0])
        cov, s, note = contradicted[0]
        return ClaimCheck("contradicted", round(cov * 0.9, 3), [s for _, s, _ in contradicted[:3]], note)
    best = max(len(words & content_words(s.text)) / len(words) for s in pool)
    return ClaimCheck("not_found", round(1.0 - best * 0.5, 3))
