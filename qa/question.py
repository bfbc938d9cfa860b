"""What a question asks for: its key terms and the type of answer it expects.

Key terms are what any evidence must mention: named entities, years, other numbers and quoted phrases of the
question. The expected type comes from the question word and, for "which/what X" questions, the noun X:
"which country" wants a place, "which company" an organisation, "how many" a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from index import eventdates
from index.keywords import stem
from index.nlp import Entity, entities
from qa.countries import named_in
from qa.words import content_words, roman, without_possessive

Kind = Literal["person", "org", "place", "date", "number", "who", "account", "quote", "open"]

# A figure question that asks for a rank or a place in an order, which an ordinal ("third") answers.
_RANK = re.compile(r"\b(?:rank\w*|place[sd]?|position|finish\w*|seed\w*|edition|\w+th time)\b", re.I)
# Figure questions whose answer the tagger writes as a date: a duration ("how many years": stems of the counted
# unit) or an age ("89 years old", "6 months to 5 years").
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minut", "second", "decad"})
_AGE = re.compile(r"\bhow old\b|\b(?:what|which)\s+age\b|\bage\s+(?:group|range|bracket|limit)\b", re.I)
_WINNER = re.compile(r"\b(?:who|which(?:\s+[\w'’-]+){1,3}?|what(?:\s+[\w'’-]+){1,3}?)\s+(?:won|wins|win|beat|beats|defeated|"
                     r"triumphed|clinched|claimed|captured|lifted|(?:was|were)\s+elected)\b", re.I)
# "Who is Kevin McCarthy?", "Who was Mikhail Gorbachev?": a name only, which the answer describes
_WHO_IS_NAMED = re.compile(r"(?:^|[.!?]\s+)[Ww]ho\s+(?:is|was)\s+(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*\s*\??\s*$")
# who is the one who did a deed: a person, never an organisation
_WHO_DID_IT = re.compile(r"\bwho\s+(?:is|was|are|were)\s+the\s+(?:[\w'’-]+\s+){0,3}?(?:gunm[ae]n|shooters?|suspects?|"
                         r"killers?|attackers?|assailants?|bombers?|hijackers?|murderers?|person|people|m[ae]n|"
                         r"wom[ae]n)\b")  # "who was the shooter?", "who is the world's poorest person?": a person
_MEASURE = re.compile(r"\bhow (fast|tall|deep|wide|heavy)\b", re.I)
_SCORE_ASKED = re.compile(r"\b(?:the|final|what|which)\s+(?:final\s+)?scores?\b", re.I)  # the noun, not "did he score"
_YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b", re.I)  # "what year did it debut?": a year, not "27 years"
# A "when" question about what is still to come ("when are payments set to restart?"): not a date before the report.
_FUTURE = re.compile(r"\b(?:will|set to|expected|scheduled|slated|due to|going to|plan(?:s|ned)? to|upcoming|next)\b",
                     re.I)
_TITLED = re.compile(r"\btitled\s*[:?]?\s*$", re.I)  # "a new song this week, titled:", "what is it titled?"
# "What is the mission called?", "what is her name?": a name, of a thing or of a person
_CALLED = (r"\bwhat\s+(?:is|was|are|were|will)\s+(?:it|they|the\s+\w+(?:\s+\w+)?)\s+(?:be\s+)?"
           r"(?:called|named|known\s+as)\s*\??\s*$")
_NAMED = r"\bwhat\s+(?:is|was)\s+(?:her|his)\s+(?:\w+\s+)?name\b"
# "what is the name of the hurricane / of the activist who ...": a name, of the kind its noun says
_NAME_OF = re.compile(r"\bwhat\s+(?:is|was|are|were)\s+the\s+names?\s+of\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+)?"
                      r"((?:\S+\s+){0,5}\S+)")
_SEVERAL = re.compile(r"\b(?:which|what)\s+(two|three|four|five)\b", re.I)  # "which two airlines": both named
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
# money paid out or lent: "how much loan forgiveness", "how much in relief"
_PAID_OUT = (r"loans?|forgiveness|relief|assistance|reward|ransom|bonus|settlement|grants?|stimulus|subsid(?:y|ies)|"
             r"bailout|refund")
# "how much is the deal worth?", "how much did the card sell for?": an amount of money, not a count
_MONEY = re.compile(r"\bhow much\b.*\b(?:cost|costs|pay|paid|pays|worth|price[sd]?|spen[dt]|spending|raised?|"
                    r"sell|sold|fined?|charged?|wages?|salary|earn(?:ed|s)?|money|dollars?|budget|fund(?:s|ing)?|jackpot|"
                    rf"prize|aid|compensation|{_PAID_OUT})\b|\bwhat\s+(?:price|sum)\b",  # "at what price were the shares set?"
                    re.I)
_MONEY_UNIT = re.compile(r"(?:cash|funding|debt|revenue|profit|income|aid|tax(?:es)?|fees?|fines?|bail|damages|"
                         rf"compensation|dollars?|pounds?|euros?|yen|capital|investment|{_PAID_OUT})$")  # "how much debt"
# ... but "how much have prices risen?" may be answered by a share
_CHANGE = re.compile(r"\b(?:increas|ris[ei]|rose|f[ae]ll|drop|gr[eo]w|jump|climb|declin|sur?g|soar|plung)\w*"
                     # "how much did the bank raise rates?": a change, not money raised
                     r"|\b(?:rais|cut|hik|lower)\w*\s+(?:\w+\s+)?(?:rates?|prices?|tax(?:es)?|fees|tariffs?|duty|duties)\b",
                     re.I)
_SHARE = re.compile(r"\b(?:what|which)\s+(?:percentage|percent|share|proportion|fraction)\b", re.I)  # a percentage
# spaCy labels that count as an answer of each kind.
LABELS: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "org": frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW"}),  # LAW: "which bill", "the measure"
    "place": frozenset({"GPE", "LOC", "FAC"}),
    "date": frozenset({"DATE", "TIME"}),
    "number": frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}),
    "who": frozenset({"PERSON", "ORG", "NORP"}),
}
FACTOID = frozenset(LABELS)

_PERSON_NOUNS = (
    "person|man|woman|men|women|player|star|athlete|director|actor|actress|singer|rapper|musician|artist|author|"
    "writer|politician|senator|governor|president|leader|official|minister|ceo|founder|judge|justice|coach|"
    "quarterback|pitcher|golfer|candidate|celebrity|comedian|host|journalist|figure|billionaire|entrepreneur|"
    "executive|lawmaker|chancellor|king|queen|prince|princess|pope|siblings?|couple|mayor|secretary|ambassador|"
    "scientist|astronaut|model|chef|footballer|boxer|driver|superstar|icon|legend|activist|suspect|victim|"
    "gunman|shooter|official|rep|representative|congressman|congresswoman|speaker|nominee|winner|champion|"
    "legislator|prosecutor|attorney|lawyer|doctor|commander|general|sister|brother|son|daughter|wife|husband|"
    "heads? of (?:state|government)"
)
_ORG_NOUNS = (
    "company|companies|firm|team|league|group|organi[sz]ation|agency|network|party|brand|university|college|"
    "school|bank|airline|automaker|carmaker|retailer|club|band|union|newspaper|outlet|platform|app|service|giant|"
    "startup|chain|restaurant|store|manufacturer|maker|studio|franchise|department|court|committee|institution|"
    "exchange|channel|streamer|product|products|website|site|social media|magazine|publication|show|series|film|"
    "movie|book|album|song|game|event|tournament|festival|race|award|prize|trophy|medal|bill|law|program|programme|"
    "vaccine|drug|"
    "operator|provider|conglomerate|corporation|alliance|bloc|body|regulator|watchdog|insurer|utility"
)
_PLACE_NOUNS = (
    "country|countries|nation|nations|state|states|city|cities|town|region|island|islands|province|county|capital|"
    "continent|territory|location|place|area|village|neighbou?rhood|sea|river|mountain|border|port|airport|"
    "park|district|peninsula|ocean|lake|coast"
)
_RELATION = re.compile(r"\b(capital|headquarters|hometown|birthplace)\b", re.I)
_NUMBER_HEADS = (
    "price|amount|percentage|percent|number|rate|age|score|total|figure|sum|cost|value|share|count|toll|temperature|"
    "speed|distance|height|weight|size|margin|salary|fine|fee|magnitude|population|length|depth|width"
)

_AUX = "did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|might|may"
_PREPOSITIONS = r"(?:in|of|on|at|for|to|by|with|from|as|than|into|over|under)\b"

# "which (of these) [up to three words, no verb] NOUN": the head noun says what is asked for
_WHICH = (rf"\b(which|what)\s+(of these\s+|of the\s+)?(?!{_PREPOSITIONS})"  # not "would do what in his country"
          r"(?:(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b)\w+[\s-]+){0,3}?")

# the words of a "which" phrase up to its head noun: "which national park" -> "national park"
_HEAD_PHRASE = re.compile(rf"\b(?:which|what)\s+(?:of these\s+|of the\s+)?((?:(?!(?:{_AUX}|of|in|on|at|to|for|by|from|"
                          rf"with|as|that|this|these|those|the|a|an)\b)[a-z-]+\s*){{1,3}})")
# "what is the smallest country": a superlative's noun, asked for as a "which" phrase's is
_WHICH_IS = r"\b(?:which|what)\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+){0,2}?"
_COUNTRY = re.compile(rf"(?:{_WHICH}|{_WHICH_IS})(?:countr(?:y|ies)|nations?)\b")
# places inside a country: "which city", "what US state", "the capital" (not "which island": some are countries)
_WITHIN_COUNTRY = re.compile(rf"(?:{_WHICH}|{_WHICH_IS})(?:cit(?:y|ies)|towns?|states?|provinces?|count(?:y|ies)|villages?|"
                             r"districts?|neighbou?rhoods?|capital)\b|\bcapital\b")
# works with a title, which the press puts in quotes ("Top Gun: Maverick"): the small tagger seldom labels them
_TITLE_NOUNS = ("movie|film|show|series|sitcom|drama|documentary|song|single|track|album|book|novel|memoir|play|"
                "musical|podcast|video game|game|painting|opera|ballet")
_DEATHS = re.compile(r"\bhow many\b.*\b(?:died|die|killed|dead|deaths?|lives|perished|fatalities)\b", re.I)
# a storm goes by a name the tagger labels any way ("Hurricane Ian" an organisation, "Typhoon Nanmadol" a person)
_STORMS = r"(?:hurricane|storm|typhoon|cyclone)"
_STORM = rf"\b(?:which|what)\s+(?:\w+\s+)?{_STORMS}s?\b"
# a tournament's round: the final, a semi- or quarterfinal, or an early round by its number
_ROUND = re.compile(r"\b(?:(semi|quarter)[ -]?)?finals?\b|\b(first|second|third|fourth|fifth|opening|1st|2nd|3rd|4th|5th)"
                    r"[ -]round\b", re.I)
_ORDINAL = {"opening": "first", "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}
_OPTIONS = re.compile(r"\b(?:of|among)\s+(?:these|those|the\s+following)\b")  # "which of these golfers"
_NOT = re.compile(r"\bnot\b|n['’]t\b|\bnever\b")
_SUPERLATIVES = ("most|least|fewest|highest|lowest|largest|biggest|smallest|greatest|best|worst|cheapest|priciest|"
                 "costliest|busiest|deadliest|longest|shortest|oldest|youngest|richest|poorest|fastest|hottest|"
                 "coldest|wettest|driest|first")
# "which state has the most cases?", "who is the world's poorest person?": the answer ranked by a superlative
_RANKED = re.compile(rf"\b(?:which|what|who)\s+(?:[\w-]+\s+){{0,8}}?(?:the|its|world['’]s|nation['’]s|country['’]s)\s+"
                     rf"({_SUPERLATIVES})\b")
_STAND_FOR = re.compile(r"\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?:(?:acronym|abbreviation|initials|letters)\s+)?\"?"
                        r"([A-Z][A-Za-z.&]{1,11}?)\.?\"?\s+stand\s+for\b", re.I)  # "what does "PSL" stand for?"
_NOW = re.compile(rf"\b(?:this|last|past)\s+(?:week|weekend|month)\b|\brecently\b|\btoday\b|\byesterday\b|"
                  rf"\b{eventdates.WEEKDAY}\b", re.I)  # the days the question is asked in
_AWARDS = re.compile(r"\bawards?\s+(?:show|ceremony)s?\b")  # "which awards show": the awards, not a show's title
# "which children's book": a possessive before the noun ("which country's leader" asks for a country: not a title)
_TITLE = re.compile(rf"{_WHICH}(?:{_TITLE_NOUNS})s?\b|\b(?:which|what)\s+\w+['’]s\s+(?:{_TITLE_NOUNS})s?\b")
_NOUN = re.compile(rf"(?:{_PERSON_NOUNS}|{_PLACE_NOUNS}|{_ORG_NOUNS}|{_TITLE_NOUNS})s?")

_HOW_FIGURE = "many|much|old|long|far|high|big|large|fast|often|tall|deep|heavy|wide"  # "how tall": a figure
_IS_THE = r"\b(?:what|which)(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+the\s+(?:[\w'’-]+\s+){0,3}?"
_PATTERNS: list[tuple[str, Kind]] = [
    (r"\bwhat did .{1,60}\b(say|said|tell|told|write|wrote|claim|argue|warn)\b", "quote"),
    (rf"\bhow ({_HOW_FIGURE})\b", "number"),
    # "which place did she finish in?" asks for a rank, not a place
    (r"\b(?:which|what)\s+(?:place|position|spot)\b(?=.*\b(?:finish\w*|came|come|end(?:ed)?|rank\w*)\b)", "number"),
    (rf"\b(what|which)\s+((?!{_PREPOSITIONS})\w+\s+){{0,2}}?({_NUMBER_HEADS})\b", "number"),
    (r"\b(when|what year|which year|what date|what day|which day|what month|which month|what time)\b", "date"),
    # "which team won the Women's Euro": a team, not a woman ("which country's leader" asks for a country)
    # ("which award-winning actress": the noun of a compound adjective is no head)
    (rf"{_WHICH}(?!(?:wo)?men['’]s\b)({_PERSON_NOUNS})s?\b(?!-)", "person"),
    (rf"{_WHICH}({_PLACE_NOUNS})s?\b(?!-)", "place"),
    (rf"{_WHICH}({_ORG_NOUNS}|{_TITLE_NOUNS})s?\b(?!-)", "org"),
    (_TITLE.pattern, "org"),
    (_STORM, "org"),  # read as no "which" head, so "what storm battered the island" asks for no place
    (_TITLED.pattern, "org"),
    (_CALLED, "org"),
    (_NAMED, "person"),
    # "what is the capital", "which is the world's most expensive city"
    (rf"{_IS_THE}({_PLACE_NOUNS})s?\b", "place"),
    (rf"{_IS_THE}({_NUMBER_HEADS})s?\b", "number"),
    (rf"(?:^|[.?!:;]\s+|,\s+)where\b|\bwhere\s+(?:{_AUX})\b", "place"),  # not "a website where people ..."
    # not a relative "who" that a later "which"/"what" asks past ("Raymond Briggs, who died this week, was most
    # celebrated for which children's book?")
    # nor one after a noun ("started by a man who was trying to:", "athletes who have undergone"): a question's
    # "who" opens it or follows a preposition or a verb ("an affair with who?", "nominated who?")
    (rf"(?:^|(?<=[^\w\s,])\s*|\b(?:{_PREPOSITIONS}|about|against|and|or|but|that|is|was|are|were|said|says|told|"
     r"asked|chose|picked|\w+ed)\s+)(who|whom|whose)\b|,\s(?:who|whom|whose)\b(?!.*\b(?:which|what)\b)", "who"),
    (rf"\b(why|how(?!\s+(?:{_HOW_FIGURE})\b)|what happened|what caused|what led)\b", "account"),
]

# Nationalities ("Russian", "Americans") describe rather than name: they are not required of the evidence.
_KEY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"})
_ASKED_NAME = re.compile(r"^(?:Which|What|Whose)\s+")  # a run of capitalised words a question word opens
# Names the press writes in several ways.
_ALIASES = {"united kingdom": ("uk", "u.k.", "britain", "british"),
            "european union": ("eu",), "united nations": ("un", "u.n.")}
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|for\s+|de\s+)?[A-Z][a-z]+)+\b")
YEAR = re.compile(rf"\b({eventdates.YEAR})\b")
_NUMBER = re.compile(r"(?<![\w.])\$?\d[\d,.]*%?(?![\w])")
_QUOTED = re.compile(r"[\"“]([^\"”]{3,80})[\"”]")
# Words that are capitalised in questions but carry no topic: question words, months, days.
_NOT_KEY = {
    "who", "what", "which", "when", "where", "why", "how", "the", "a", "an", "in", "on", "this", "that", "these",
    "us", "u.s.", "united states", "america", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "today",
}


# Words after "how many/much" that say nothing about the unit of the answer.
_GENERIC_UNITS = {"did", "does", "do", "is", "was", "were", "are", "has", "have", "had", "will", "would", "can",
                  "could", "of", "the", "in", "more", "people", "times", "money", "it", "they", "he", "she"}


_UNIT_STOPS = set(_AUX.split("|")) | {"and", "or", "in", "of", "on", "at", "for", "to", "by", "with", "from", "as",
                                       "that", "than", "this", "these", "so", "been", "be", "being"}


@dataclass(frozen=True)
class KeyTerm:
    """A term evidence must mention; `variants` are lower-case forms any of which counts."""

    text: str
    kind: Literal["entity", "year", "number", "quoted"]
    variants: tuple[str, ...]

    def matched(self, text: str) -> str:
        """The words of `text` that mention this term ('World Cup' for 'the 2014 World Cup'), else its text."""
        flat = plain(text)
        m = self._pattern.search(flat.lower())
        return flat[m.start() : m.end()] if m else self.text

    def found_in(self, text_lower: str) -> bool:
        text_lower = plain(text_lower)
        return bool(self._pattern.search(text_lower))

    def spans(self, text_lower: str) -> list[tuple[int, int]]:
        """Where a lower-cased text mentions this term, by the rule `found_in` applies."""
        return [m.span() for m in self._pattern.finditer(plain(text_lower))]

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        """Any variant as whole words; a quoted phrase also with its words inflected otherwise, since questions
        paraphrase what they quote ("tested the limits" for "testing the limits")."""
        forms = [re.escape(v) for v in self.variants]
        if self.kind == "quoted":
            words = re.findall(r"[a-z0-9]+", self.variants[0])
            forms.append(r"\W+".join(f"{re.escape(stem([w])[0])}[a-z]*" if len(w) > 3 else re.escape(w)
                                      for w in words))
        return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(forms)})(?![a-z0-9])")


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kind: Kind
    key_terms: tuple[KeyTerm, ...] = field(default_factory=tuple)
    years: tuple[int, ...] = field(default_factory=tuple)
    unit: str = ""  # "how many subscribers" -> the stem "subscrib": a number answer must count these
    # the words of "how many positive monkeypox cases are ...": "positive", "monkeypox", "cases" (one of them, or a
    # word ending like one, "fires" for "wildfires", must follow a number answer)
    unit_words: tuple[str, ...] = ()
    # what the answer is to the question's subject, where evidence must say it: "capital" in "what is the capital of
    # Australia?" (a sentence naming some place in Australia does not answer it)
    relation: str = ""

    @property
    def factoid(self) -> bool:
        return self.kind in FACTOID

    @cached_property
    def unit_name(self) -> tuple[str, ...]:
        """The counted thing's name, where the question counts a named thing ("how many Super Bowls" -> ("super",
        "bowls")): a number answer must name it whole, not "15 Pro Bowl nods". Empty where its noun is a common one
        ("how many Grand Slam titles", "how many Tory MPs")."""
        if not self.unit_words:
            return ()
        titled = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", self.text)}
        return tuple(w for w in self.unit_words if w in titled) if self.unit_words[-1] in titled else ()

    @cached_property  # read for every entity of every checked sentence: worked out once
    def labels(self) -> frozenset[str]:
        labels = LABELS.get(self.kind, frozenset())
        if self.kind == "number" and not _RANK.search(self.text):
            labels -= {"ORDINAL"}  # "first" answers a rank, not "how much does a gallon of gas cost?"
        if self.kind == "number" and (self.asks_duration or self.asks_age):
            labels |= {"DATE", "TIME"}
        return labels

    @cached_property
    def tail(self) -> str:
        """The question proper: its last sentence, lower-cased (see _last_sentence)."""
        return _last_sentence(self.text)

    @cached_property
    def wants_country(self) -> bool:
        """Whether the place asked for is a country ("which country", "what nation"), not a city or a state."""
        return self.kind == "place" and bool(_COUNTRY.search(self.tail))

    @cached_property
    def within_country(self) -> bool:
        """Whether the place asked for lies inside a country ("which US city", "which state"): not a country."""
        return self.kind == "place" and bool(_WITHIN_COUNTRY.search(self.tail))

    @cached_property
    def wants_us_state(self) -> bool:
        """Whether the place asked for is one of the US states: "in which state?", "which US state", but not "which
        Indian state" nor a state of another country the question names."""
        if not self.head or self.head[-1] not in ("state", "states"):
            return False
        modifiers = [w for w in self.head[:-1] if w not in ("us", "u.s.", "american")]
        foreign = self.countries - {"united states"}
        return not foreign and not any(re.search(rf"\b{re.escape(w.capitalize())}\b", self.text) for w in modifiers)

    @cached_property
    def wants_title(self) -> bool:
        """Whether the answer is the title of a work ("which movie", "a new song, titled:")."""
        return self.kind == "org" and bool(_TITLE.search(self.tail) or _TITLED.search(self.tail)) and not (
            _AWARDS.search(self.tail))

    @cached_property
    def asks_deaths(self) -> bool:
        """Whether a count question asks how many died ("how many people were killed?"): a count of deaths, not
        of the people a flood "affected"."""
        return self.kind == "number" and bool(_DEATHS.search(self.tail))

    @cached_property
    def asks_storm(self) -> bool:
        """Whether the answer is a named storm ("which hurricane", "what storm", "the name of the typhoon")."""
        return self.kind == "org" and bool(re.search(_STORM, self.tail) or (
            _NAME_OF.search(self.tail) and re.search(rf"\b{_STORMS}\b", self.tail)))

    @cached_property
    def asks_year(self) -> bool:
        return self.kind == "date" and bool(_YEAR_ASKED.search(self.tail))

    @cached_property
    def asks_future(self) -> bool:
        """Whether a date question asks about what is still to come ("when will", "set to", "expected")."""
        return self.kind == "date" and bool(_FUTURE.search(self.tail))

    @cached_property
    def asks_score(self) -> bool:
        """"What was the final score?" is answered by a score ("3-0", "7-1"), not by one of its figures; "how many
        points did he score?" by a figure."""
        return self.kind == "number" and bool(_SCORE_ASKED.search(self.tail))

    @cached_property
    def numbered(self) -> tuple[tuple[str, int], ...]:
        """Names with a number that tells one of a series from the others ("Artemis I", "Apollo 11", "iPhone 14"),
        as (name lower-cased, number): evidence about "Artemis 2" does not answer for "Artemis I"."""
        return tuple((m.group(1).lower(), n) for m in _NUMBERED.finditer(self.text)
                     if (n := numeral(m.group(2))) is not None and not 1600 <= n <= 2099)

    @cached_property
    def round(self) -> str | None:
        """The one round of a tournament the question asks about ("" the final, "semi", "quarter"), or None: "who
        did she beat in the final?" is not answered by a semifinal."""
        asked = rounds(self.tail)
        return asked.pop() if len(asked) == 1 else None

    @cached_property
    def picks_unlisted(self) -> bool:
        """"Which of these golfers has NOT announced ...?": the one of options the question does not list that the
        archive does not tell of; no sentence answers it (check each option as a claim instead)."""
        return bool(_OPTIONS.search(self.tail) and _NOT.search(self.tail))

    @cached_property
    def ranking(self) -> str:
        """The superlative the question ranks its answer by ("which state has the most cases?": "most"), which
        evidence must state in some form; empty where the question ranks nothing or only describes its subject
        ("the world's richest man, Elon Musk, ...")."""
        m = _RANKED.search(self.tail)
        return m.group(1) if m else ""

    @cached_property
    def acronym(self) -> str:
        """The letters of "what does PSL stand for?" ("PSL"), whose words the answer spells out; empty for other
        questions."""
        m = _STAND_FOR.search(plain(self.text))
        return re.sub(r"[^A-Za-z]", "", m.group(1)).upper() if m else ""

    @cached_property
    def about_now(self) -> bool:
        """The question asks of something of the days it was asked in ("this week", "on Tuesday", "recently") and
        names no year: a this-day-in-history column, which tells of other years, does not answer it."""
        return not self.years and bool(_NOW.search(self.text))

    @cached_property
    def asks_winner(self) -> bool:
        """"Who won the Stanley Cup?", "which team beat Brazil?": the winner, whom a sentence names before "defeating",
        not after it ("... after defeating the Tampa Bay Lightning"). Not "who did she beat?", which asks the other."""
        return self.kind in ("who", "person", "org", "place") and bool(_WINNER.search(self.tail))

    @cached_property
    def asks_frequency(self) -> bool:
        """"How often ...?" is answered by a frequency ("annually", "every two years"), not a count."""
        return self.kind == "number" and "how often" in self.tail

    @cached_property
    def several(self) -> int:
        """How many answers the question asks for together: 2 for "which two countries ...", else 1."""
        m = _SEVERAL.search(self.tail) if self.factoid else None
        return _COUNTS[m.group(1).lower()] if m else 1

    @cached_property
    def measure(self) -> str:
        """What "how fast/tall/deep/wide/heavy" measures ("speed", "length", "weight"), whose unit the answer
        states ("150 mph", not "nearly three times larger"); empty for other questions."""
        m = _MEASURE.search(self.tail) if self.kind == "number" else None
        return {"fast": "speed", "heavy": "weight"}.get(m.group(1), "length") if m else ""

    @cached_property
    def asks_change(self) -> bool:
        """Whether a figure question asks how much something rose or fell, which a share may answer."""
        return self.kind == "number" and bool(_CHANGE.search(self.tail))

    @cached_property
    def asks_money(self) -> bool:
        """Whether a figure question asks for an amount of money ("how much did the card sell for?"); not how much
        prices rose, which may be a share."""
        return self.kind == "number" and bool(_MONEY.search(self.tail)) and not self.asks_change and not (
            self.unit_words and not _MONEY_UNIT.match(self.unit_words[0]))  # "how much wheat did it sell?"

    @cached_property
    def head(self) -> tuple[str, ...]:
        """The words of a "which" phrase, its head noun last ("which national park" -> ("national", "park"));
        empty where the question has none, or its head is not a thing with a name."""
        m = _HEAD_PHRASE.search(self.tail) if self.kind in ("place", "org", "person") else None
        words = m.group(1).split() if m else []
        nouns = [i for i, w in enumerate(words) if _NOUN.fullmatch(w)]
        return tuple(words[: nouns[-1] + 1]) if nouns else ()

    @cached_property
    def countries(self) -> frozenset[str]:
        """The countries of several names the question names, by any of them ("outside the US" -> "united
        states"): a sentence's "the United States" is then nothing new."""
        return frozenset(named_in(self.text))

    @cached_property
    def asks_share(self) -> bool:
        """Whether a figure question asks for a share ("what percentage of babies ...?"): a percentage first."""
        return self.kind == "number" and bool(_SHARE.search(self.tail))

    @cached_property
    def asks_duration(self) -> bool:
        """Whether a figure question asks how long ("how long is she facing in prison?", "after how many days?"):
        a span of time, which the tagger labels a date ("15 years"), not a day ("Friday night")."""
        return self.kind == "number" and (self.unit in _TIME_UNITS or "how long" in self.tail)

    @cached_property
    def asks_age(self) -> bool:
        """Whether the answer is an age ("how old is he?", "which age group"), not a count or a day."""
        return self.kind == "number" and bool(_AGE.search(self.text))

    @cached_property
    def alternatives(self) -> frozenset[str]:
        """The question's words that exclude others of their kind: a superlative ("poorest", not "richest"), a
        category ("women's", "singles", "peace" of a Nobel Prize, "winter" Olympics)."""
        return frozenset(w for w in _tokens(self.tail) if w in _EXCLUDES)

    @cached_property
    def excluded(self) -> frozenset[str]:
        """The words the question's alternatives exclude ("richest" for "poorest")."""
        return frozenset().union(*(_EXCLUDES[w] for w in self.alternatives))

    def other_alternative(self, text: str) -> bool:
        """Whether a sentence uses another of a kind the question picks one of, and not the question's: one about
        the richest does not answer who the poorest is, nor the Nobel Prize in literature who won the peace prize."""
        if not self.alternatives:
            return False
        words = set(_tokens(text))
        return not words & self.alternatives and bool(words & self.excluded)

    @property
    def changes(self) -> bool:
        """Whether a later report may replace the answer: a figure ("how many"), or who holds a role ("who is the
        chief executive of Acme?", "who leads the party?"). Who won or did something, once, does not change."""
        return self.kind == "number" or (self.kind in ("person", "org", "who") and bool(_HOLDER.search(self.text)))

    def coverage(self, text: str) -> float:
        """Share of the key terms the text mentions (1.0 when the question has none)."""
        if not self.key_terms:
            return 1.0
        low = text.lower()
        return sum(t.found_in(low) for t in self.key_terms) / len(self.key_terms)

    def missing(self, text: str, published: str = "") -> list[KeyTerm]:
        """The key terms the text does not mention; a year counts as mentioned by an article published in it.
        The answer's evidence must mention the years and half the others (evidence.passes_gate); retrieval ranks
        articles by the share mentioned (retrieve.Retriever._key_terms)."""
        low = text.lower()
        return [t for t in self.key_terms
                if not t.found_in(low) and not (t.kind == "year" and published.startswith(t.text))]


# words of a kind that exclude each other: a question that uses one is not answered by a sentence using only another
_ALTERNATIVES = (("richest", "poorest"), ("largest", "smallest"), ("biggest", "smallest"), ("highest", "lowest"),
                 ("oldest", "youngest"), ("longest", "shortest"), ("fastest", "slowest"), ("hottest", "coldest"),
                 ("best", "worst"), ("wettest", "driest"), ("strongest", "weakest"), ("deadliest", "safest"),
                 ("busiest", "quietest"), ("cheapest", "priciest"), ("cheapest", "costliest"),
                 ("men's", "women's"), ("singles", "doubles"), ("summer", "winter"),
                 ("peace", "literature", "chemistry", "physics", "medicine", "economics"))
_EXCLUDES = {w: frozenset(x for group in _ALTERNATIVES if w in group for x in group if x != w)
             for group in _ALTERNATIVES for w in group}


def _tokens(text: str) -> list[str]:
    """Lower-case words, a possessive kept on its word ("women's")."""
    return re.findall(r"[a-z]+(?:'s)?", plain(text).lower())


_ROLES = (
    "chief executive|ceo|president|prime minister|premier|chancellor|leader|head|chair(?:man|woman|person)?|coach|"
    "manager|minister|secretary|mayor|governor|speaker|champion|owner|director|king|queen|monarch|commissioner|"
    "chief|editor|captain|ambassador|spokes(?:man|woman|person)"
)
_HOLDER = re.compile(
    rf"\b(?:who|which\s+\w+(?:\s+\w+)?)\s+(?:is|are)\s+(?:now\s+)?(?:the\s+)?(?:\w+'s\s+)?"
    rf"(?:current\s+|new\s+|acting\s+|interim\s+|reigning\s+)?(?:{_ROLES})\b"
    rf"|\b(?:who|which\s+\w+)\s+(?:now\s+|currently\s+)?(?:leads|heads|runs|chairs|holds|coaches|manages|governs|owns)\b",
    re.I,
)


_NUMBERED = re.compile(r"\b(?!(?:About|Around|Approximately|Nearly|Almost|Over|Under|Some|More|Less|Fewer|Roughly|"
                       r"Only|Just|Up|At|Top|All|Those|These|The|Its|Their|His|Her|Which|What|After|Before|Since|For|"
                       r"From|With|Within|Until|Than|By|In|On)\b)"  # "About 50 people", "After 26 years": counts
                       r"([A-Z][A-Za-z-]{2,}|i[A-Z][A-Za-z]+)\s+(\d{1,3}|[IVX]{1,4})\b(?![.,]\d|-)")  # not "23-time"


def rounds(text: str) -> set[str]:
    """The rounds of a tournament a text tells of: "" the final, "semi", "quarter", "first", "second", ...
    ("the third round" and "3rd round" are one)."""
    told = set()
    for m in _ROUND.finditer(text):
        early = (m.group(2) or "").lower()
        told.add(_ORDINAL.get(early, early) if early else (m.group(1) or "").lower())
    return told


def numeral(text: str) -> int | None:
    """A series number in figures or Roman numerals ("11", "II"); None for anything else."""
    return int(text) if text.isdigit() else roman(text)


def _last_sentence(question: str) -> str:
    """RealTimeQA-style questions put context first and the question last: the last sentence, lower-cased."""
    parts: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+", question.strip()):
        if parts and _NAME_ABBREVIATION.search(parts[-1]):  # "Where was R. Kelly in court?" is one sentence
            parts[-1] += " " + part
        else:
            parts.append(part)
    return parts[-1].lower() if parts else question.lower()


# an initial or a title before a name ("R. Kelly", "Dr. Fauci"); not "U.S.", which often ends a sentence
_NAME_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Mt)\.$")


# between two nouns of a "which" phrase, a word that ends it: the second noun is no head ("which state signed a
# bill", "which siblings shared social media posts")
_NEW_PHRASE = re.compile(r"\b(?:a|an|the|\w+ed)\b")


def answer_kind(question: str) -> Kind:
    """The kind of answer a question expects, from its wording (the last sentence decides)."""
    if (named := _WHO_IS_NAMED.search(question)) and not re.search(rf"\b(?:{_ROLES})\b", named.group(0), re.I):
        return "open"  # "Who is Kevin McCarthy?" asks for an account of him, not a name ("Who is NATO Secretary
        # General?" asks for one)
    tail = _last_sentence(question)
    if _WHO_DID_IT.search(tail):
        return "person"  # "who was the Uvalde school shooter?": a person, not the school
    if named := _NAME_OF.search(tail):
        words = named.group(1)  # the first noun of a kind decides: "the city that will host" is a place
        kinds: tuple[tuple[str, Kind], ...] = ((_PERSON_NOUNS, "person"), (_PLACE_NOUNS, "place"))
        found = [(m.start(), kind) for nouns, kind in kinds
                 if (m := re.search(rf"\b(?:{nouns})s?\b", words))]
        return min(found)[1] if found else "org"
    best: tuple[int, int, Kind, bool] | None = None
    for pattern, kind in _PATTERNS:
        m = re.search(pattern, tail)
        if m is None:
            continue
        head = pattern.startswith(_WHICH)
        # the earliest question word wins, then the shortest match ("what age" before "what age group"), except
        # between two head nouns of one "which" phrase: the last is its head ("which state official": a person)
        if best is None or m.start() < best[0] or (m.start() == best[0] and (
                m.end() > best[1] and not _NEW_PHRASE.search(tail, best[1], m.start(m.lastindex or 0))
                if head and best[3] else m.end() < best[1])):
            best = (m.start(), m.end(), kind, head)
    return best[2] if best else "open"


def plain(text: str) -> str:
    """Typographic quotes and apostrophes as plain ones, so "Women’s" matches "Women's"."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _variants(ent: Entity) -> tuple[str, ...]:
    text = without_possessive(plain(ent.text.strip())).lower().strip(" ,.;:")
    text = re.sub(r"^the\s+", "", text)
    out = [text, *_ALIASES.get(text, ())]
    words = text.split()
    if ent.label == "PERSON" and len(words) > 1 and len(words[-1]) > 2:
        out.append(words[-1])  # "Sergei Lavrov" -> "lavrov" (not "ii" of "Elizabeth II")
    if ent.label in ("EVENT", "WORK_OF_ART", "LAW") and len(words) > 2:  # not ORG: "central bank" of the ECB
        out.append(" ".join(words[-2:]))
    if ent.label not in ("PERSON", "GPE") and words and re.fullmatch(r"[a-z]{3,}[^s]s", words[-1]):
        out.append(" ".join([*words[:-1], words[-1][:-1]]))  # "the Primetime Emmys": the "Primetime Emmy Awards"
    return tuple(dict.fromkeys(v for v in out if v and v not in _NOT_KEY))


_GLUED = re.compile(r"((?:[A-Z]\.){2,})\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)$")


def split_glued(ents: list[Entity]) -> list[Entity]:
    """'U.S. Japan' read as one name by the small tagger (a headline without "and") is two: an abbreviation
    with periods followed by another capitalised name."""
    out: list[Entity] = []
    for e in ents:
        m = _GLUED.fullmatch(e.text)
        if m is None:
            out.append(e)
            continue
        out.append(Entity(e.start, e.start + m.end(1), "GPE", m.group(1)))
        out.append(Entity(e.start + m.start(2), e.end, e.label, m.group(2)))
    return out


def analyse(question: str, ents: list[Entity] | None = None) -> QuestionInfo:
    """Key terms and expected answer kind of a question."""
    kind = answer_kind(question)
    if ents is None:
        ents = entities([question])[0]
    ents = split_glued(ents)
    terms: list[KeyTerm] = []
    seen: set[str] = set()

    def add(term: KeyTerm) -> None:
        if term.variants and term.variants[0] not in seen:
            seen.add(term.variants[0])
            terms.append(term)

    years = tuple(int(y) for y in YEAR.findall(question))
    for y in years:
        add(KeyTerm(str(y), "year", (str(y),)))
    for m in _QUOTED.finditer(plain(question)):
        phrase = m.group(1).strip(" ,.;:!?").lower()
        add(KeyTerm(m.group(1), "quoted", (phrase,)))
    for ent in ents:
        if ent.label in _KEY_LABELS:
            add(KeyTerm(ent.text, "entity", _variants(ent)))
    # names the small tagger missed: two or more capitalised words inside the question ("European Central Bank")
    taken = [(e.start, e.end) for e in ents]
    for m in _NAME_RUN.finditer(question):
        name = _ASKED_NAME.sub("", m.group(0), count=1)  # "Which Grand Slam tournament": "Grand Slam"
        if m.start() > 0 and _NAME_RUN.fullmatch(name) and not any(a < m.end() and m.start() < b for a, b in taken):
            add(KeyTerm(name, "entity", (plain(name).lower(),)))
    dates = [(e.start, e.end) for e in ents if e.label in ("DATE", "TIME", "ORDINAL")]
    for m in _NUMBER.finditer(question):
        num = m.group(0).strip(".,")
        if YEAR.fullmatch(num) or any(a <= m.start() < b for a, b in dates) or question[max(0, m.start() - 1)] == "-":
            continue  # years are counted above; "March 6", "Covid-19" are not quantities
        bare = num.strip("$%").replace(",", "")
        # amounts and large or exact figures identify a story; small counts ("two people") do not
        if num.startswith("$") or num.endswith("%") or "." in bare or len(bare) >= 3:
            add(KeyTerm(num, "number", tuple(dict.fromkeys([num.lower(), num.strip("$%").lower()]))))
    unit: str = ""
    unit_words: tuple[str, ...] = ()
    um = re.search(r"\bhow (?:many|much)\s+(?:more\s+|fewer\s+)?([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})",
                   question.lower())
    if kind == "number" and um and um.group(1).split()[0] not in _GENERIC_UNITS:
        words = um.group(1).split()
        unit = next(iter(content_words(words[0])), "")
        counted: list[str] = []
        for w in words:  # up to the first verb-like or function word
            if w in _GENERIC_UNITS or w in _UNIT_STOPS:
                break
            counted.append(w)
        unit_words = tuple(counted)
    rel = _RELATION.search(question) if kind == "place" else None
    relation = rel.group(1).lower() if rel else ""
    return QuestionInfo(question, kind, tuple(terms), years, unit, unit_words, relation)


@lru_cache(maxsize=256)
def analysed(question: str) -> QuestionInfo:
    """analyse(), kept for the question's next use: retrieval ranks by its key terms, the answer checks them."""
    return analyse(question)
