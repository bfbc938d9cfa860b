"""The world's countries by the names the English-language press uses, for questions that ask for a country,
and the US states, for questions that ask for a state.

"Which country was recommended for EU candidacy?" is not answered by "Brussels", nor "which European nation"
by "London": the tagger labels cities, states and countries alike (GPE). Sovereign states (UN members and
observers) and places the press treats as countries (Taiwan, Kosovo, the UK's nations), with common short and
former names.
"""

from __future__ import annotations

import re

from qa.words import without_possessive

_NAMES = """
afghanistan, albania, algeria, andorra, angola, antigua and barbuda, argentina, armenia, australia, austria,
azerbaijan, bahamas, bahrain, bangladesh, barbados, belarus, belgium, belize, benin, bhutan, bolivia,
bosnia and herzegovina, bosnia, botswana, brazil, brunei, bulgaria, burkina faso, burundi, cabo verde,
cape verde, cambodia, cameroon, canada, central african republic, chad, chile, china, colombia, comoros, congo,
democratic republic of the congo, republic of the congo, drc, costa rica, cote d'ivoire, côte d'ivoire,
ivory coast, croatia, cuba, cyprus, czechia, czech republic, denmark, djibouti, dominica, dominican republic,
ecuador, egypt, el salvador, equatorial guinea, eritrea, estonia, eswatini, swaziland, ethiopia, fiji, finland,
france, gabon, gambia, georgia, germany, ghana, greece, grenada, guatemala, guinea, guinea-bissau, guyana,
haiti, honduras, hungary, iceland, india, indonesia, iran, iraq, ireland, israel, italy, jamaica, japan,
jordan, kazakhstan, kenya, kiribati, kosovo, kuwait, kyrgyzstan, laos, latvia, lebanon, lesotho, liberia,
libya, liechtenstein, lithuania, luxembourg, madagascar, malawi, malaysia, maldives, mali, malta,
marshall islands, mauritania, mauritius, mexico, micronesia, moldova, monaco, mongolia, montenegro, morocco,
mozambique, myanmar, burma, namibia, nauru, nepal, netherlands, holland, new zealand, nicaragua, niger,
nigeria, north korea, north macedonia, macedonia, norway, oman, pakistan, palau, palestine, panama,
papua new guinea, paraguay, peru, philippines, poland, portugal, qatar, romania, russia, rwanda,
saint kitts and nevis, saint lucia, saint vincent and the grenadines, samoa, san marino,
sao tome and principe, saudi arabia, senegal, serbia, seychelles, sierra leone, singapore, slovakia, slovenia,
solomon islands, somalia, south africa, south korea, korea, south sudan, spain, sri lanka, sudan, suriname,
sweden, switzerland, syria, taiwan, tajikistan, tanzania, thailand, timor-leste, east timor, togo, tonga,
trinidad and tobago, tunisia, turkey, türkiye, turkmenistan, tuvalu, uganda, ukraine, united arab emirates,
uae, united kingdom, uk, u.k., britain, great britain, england, scotland, wales, northern ireland,
united states, united states of america, us, u.s., usa, u.s.a., america, uruguay, uzbekistan, vanuatu, vatican,
vatican city, holy see, venezuela, vietnam, yemen, zambia, zimbabwe
"""
COUNTRIES = frozenset(re.split(r",\s*", _NAMES.strip()))


def _name(mention: str, strip: str = " ,;:") -> str:
    """A mention as a lower-case name, without "the" and "'s" (the tagger may leave a space before it)."""
    return re.sub(r"^the\s+", "", without_possessive(mention.strip(strip)).lower())


def is_country(mention: str) -> bool:
    """Whether a mention names a country ("the United States", "Britain's", "South Korea")."""
    name = _name(mention)
    return name in COUNTRIES or name.rstrip(".") in COUNTRIES  # "U.S." and "Britain." at a sentence end


# countries whose names also name a city or a US state: "Georgia" answers "which state", "Singapore" "which city"
_ALSO_SUBNATIONAL = frozenset({"georgia", "singapore", "monaco", "luxembourg", "kuwait", "djibouti", "panama",
                               "vatican", "vatican city", "san marino"})


US_STATES = frozenset(re.split(r",\s*", """
alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia, hawaii, idaho,
illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan, minnesota,
mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico, new york, north carolina,
north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island, south carolina, south dakota, tennessee, texas,
utah, vermont, virginia, washington, west virginia, wisconsin, wyoming
""".strip()))


def is_us_state(mention: str) -> bool:
    """Whether a mention names one of the 50 US states ("Virginia", "New York's"); the press calls them "the state"."""
    return _name(mention, " ,;:.") in US_STATES


_CODES = dict(zip(re.split(r",\s*", """
AL, AK, AZ, AR, CA, CO, CT, DE, FL, GA, HI, ID, IL, IN, IA, KS, KY, LA, ME, MD, MA, MI, MN, MS, MO, MT, NE, NV, NH, NJ,
NM, NY, NC, ND, OH, OK, OR, PA, RI, SC, SD, TN, TX, UT, VT, VA, WA, WV, WI, WY""".strip()), sorted(US_STATES), strict=True))


def state_by_code(mention: str) -> str | None:
    """The US state a postal code written in capitals names ("NY" -> "new york"), else None."""
    return _CODES.get(without_possessive(mention.strip(" ,;:.")))


# US states whose names also name a city: "New York" answers "which city"
_ALSO_CITY = frozenset({"new york", "washington"})


def also_city(mention: str) -> bool:
    """Whether a US state's name also names a city, so it may answer "which city"."""
    return _name(mention, " ,;:.") in _ALSO_CITY


def also_subnational(mention: str) -> bool:
    """Whether a country's name also names a city or a state, so it may answer "which city" or "which state"."""
    return _name(mention, " ,;:.") in _ALSO_SUBNATIONAL


# one country, several names: "the United States" is the "US" a question already names
_SAME = {"united states": ("us", "u.s", "usa", "u.s.a", "america", "united states of america"),
         "united kingdom": ("uk", "u.k", "britain", "great britain"), "netherlands": ("holland",),
         "myanmar": ("burma",), "czechia": ("czech republic",), "turkey": ("türkiye",), "eswatini": ("swaziland",),
         "cabo verde": ("cape verde",), "timor-leste": ("east timor",), "côte d'ivoire": ("cote d'ivoire", "ivory coast"),
         "north macedonia": ("macedonia",), "united arab emirates": ("uae",),
         "democratic republic of the congo": ("drc",), "vatican city": ("vatican", "holy see")}
_CANONICAL = {alias: name for name, aliases in _SAME.items() for alias in (name, *aliases)}


def canonical(mention: str) -> str:
    """A country's one name, whichever the text uses ("the U.S.", "America" -> "united states")."""
    name = _name(mention, " ,;:.")
    return _CANONICAL.get(name, _CANONICAL.get(name.rstrip("."), name))


def _aliases_pattern() -> re.Pattern[str]:
    short = [a for a in _CANONICAL if len(a.replace(".", "")) <= 3]  # "US", "UK", "UAE": capitals only, not "us"
    long = sorted((a for a in _CANONICAL if a not in short), key=len, reverse=True)
    upper = "|".join(re.escape(a.upper()) + (r"\.?" if "." in a else "") for a in sorted(short, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:(?i:{'|'.join(re.escape(a) for a in long)})|{upper})(?![\w])")


_ALIAS = _aliases_pattern()


def named_in(text: str) -> set[str]:
    """The countries of several names that a text names, by any of them: "outside the US" -> {"united states"}."""
    return {canonical(m.group(0)) for m in _ALIAS.finditer(text)}
