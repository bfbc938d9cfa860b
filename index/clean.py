"""Text clean-up (pure): entities, hard wraps, whitespace, page boilerplate and photo credits."""

from __future__ import annotations

import html
import re

# Whole lines that are page furniture, not reporting (blog comment widgets, share bars, promos).
_BOILERPLATE = re.compile(
    r"""^(?:
        no\s+comments?\s*:?|\d+\s+comments?\s*:?|post\s+a\s+comment|leave\s+a\s+(?:comment|reply)
        |comments?\s*:?|add\s+a\s+comment|show\s+comments|load\s+comments|view\s+comments
        |subscribe\s+to:?\s*post\s+comments.*|newer\s+post|older\s+post|home
        |posted\s+by\s+.{1,80}\s+at\s+.{1,40}|labels?\s*:.*
        |share(?:\s+this(?:\s+(?:article|story|post))?)?|tweet|email|print|whatsapp|facebook|twitter|linkedin
        |advertisement|ad\s+feedback|skip\s+advertisement|read\s+more:?|related\s*:.*
        |sign\s+up\s+for\s+.{0,80}|click\s+here.{0,80}|follow\s+us.{0,60}
        |copyright\s+©.*|©\s*\d{4}.*|all\s+rights\s+reserved\.?
        |_{3,}|-{3,}|\*{3,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A photo credit: a photographer and agencies joined by slashes, the last a picture agency ("Eric Renard/Icon
# Sport/Getty Images", "Richard Drew/AP"), at the start of a line or sentence (a caption may follow on the line) or
# at its end; "(AP Photo/John Minchillo, File)", "(Image credit: ... )"; a gallery's "Hide Caption 3 of 37".
_AGENCIES = ("Getty Images|AFP|AP|Reuters|Shutterstock|EPA-EFE|EPA|Bloomberg|Alamy|CNN|FILE|File|Pool|Sipa USA|"
             "NurPhoto|ZUMA Press|ZUMA Wire|Redux|Imagn|USA TODAY Sports|USA TODAY Network|Icon Sportswire|"
             "SOPA Images|LightRocket|Anadolu Agency|Xinhua|TASS|Sputnik|Polaris|Newscom|PA Images|PA Wire|PA|Abaca")
_NAME = r"[A-Z][\w.'’-]*(?:\s(?:[A-Z][\w.'’-]*|\d{4}|de|del|da|van|von|la|le|via|of|the))*"
_CREDIT = re.compile(rf"(^|(?<=[.!?\"”])\s+)(?:{_NAME}\s?/\s?)+(?:{_AGENCIES})(?:\s+via\s+(?:{_AGENCIES}))?"
                     rf"(?=\s+[A-Z\"“]|\s*$)")
_CREDIT_NOTE = re.compile(r"\s*\((?:(?:AP|AFP|Reuters) Photo/|(?:Image|Photo) (?:credit|courtesy):)[^()]{1,120}\)"
                          r"|\bHide Caption \d+ of \d+\s*"
                          # a video player's label: "Video Ad Feedback", "02:31 - Source: CNN" (its title stays)
                          r"|\bVideo Ad Feedback\s*|\b\d{1,2}:\d\d\s+-\s+Source:\s+CNN(?:\s+Business)?\b\s*")


def _without_credits(line: str) -> str:
    """A line without its photo credits ("Richard Drew/AP The sisters teamed up ..." -> "The sisters teamed up
    ..."): the photographer's name would read as a person the story is about."""
    line = _CREDIT.sub(lambda m: m.group(1) and " ", _CREDIT_NOTE.sub(" ", line))
    return re.sub(r"\s{2,}", " ", line).strip()


def _unwrap(text: str) -> str:
    """Join hard-wrapped lines (newswire style: ~70-char lines, indented paragraph starts)."""
    lines = text.split("\n")
    long_lines = [ln for ln in lines if ln.strip()]
    if len(long_lines) < 4:
        return text
    wrapped = sum(1 for ln in long_lines if 40 <= len(ln.rstrip()) <= 82)
    if wrapped / len(long_lines) < 0.6:
        return text
    paragraphs: list[list[str]] = [[]]
    for ln in lines:
        if not ln.strip() or (ln.startswith(("    ", "\t")) and paragraphs[-1]):
            paragraphs.append([])
        if ln.strip():
            paragraphs[-1].append(ln.strip())
    return "\n".join(" ".join(p) for p in paragraphs if p)


_GALLERY = re.compile(r"\bPhotos: ")
_GALLERY_TITLE_WORDS = 12  # the longest gallery title looked for


def _without_gallery_titles(text: str) -> str:
    """A photo gallery's slides on lines of their own, without the gallery's title that opens every one ("Photos:
    The life of Queen Elizabeth II PA Images/Getty Images Elizabeth was born ..." -> "Elizabeth was born ..."): the
    repeated title would put the question's words in every caption, and it hides the credit that follows it."""
    starts = [m.end() for m in _GALLERY.finditer(text)]
    if len(starts) < 3:
        return text
    heads = [text[s:].split(" ", _GALLERY_TITLE_WORDS)[:_GALLERY_TITLE_WORDS] for s in starts]
    title: list[str] = []
    for words in zip(*heads, strict=False):  # the words all but one of the slides open with
        common = max(set(words), key=words.count)
        if words.count(common) < len(starts) - 1 or "\n" in common:
            break
        title.append(common)
    pattern = re.escape("Photos: " + " ".join(title) + " ") if len(title) >= 2 else None
    text = re.sub(pattern, "\n", text) if pattern else text
    return _GALLERY.sub("\n", text)


def clean_text(text: str) -> str:
    """Cleaned article text: one paragraph a line, boilerplate lines dropped."""
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _CONTROL.sub("", text)
    text = _without_gallery_titles(_unwrap(text))
    out: list[str] = []
    for line in text.split("\n"):
        line = _without_credits(re.sub(r"[ \t]+", " ", line).strip())
        if not line or _BOILERPLATE.match(line):
            continue
        out.append(line)
    # Trailing furniture that slipped through (e.g. a lone "Reuter" sign-off) is harmless; keep the text.
    return "\n".join(out)


def clean_inline(value: str) -> str:
    """One-line fields (titles, outlets): entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(value or "").split())
