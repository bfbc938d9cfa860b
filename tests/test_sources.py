"""Readers and normalisation: every format, field names, dates, boilerplate, errors naming file and line."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from index.errors import InputError
from index.normalize import date_from_url, normalize_url, parse_date, to_article
from index.sources import Record, iter_files, read_records
from tests.conftest import SEED


def _articles(path: Path, fmt: str) -> list:
    out = []
    for item in read_records(path, fmt):
        out.append(item if isinstance(item, InputError) else to_article(item))
    return out


def test_seed_article_is_cleaned_of_comment_widgets() -> None:
    [article] = _articles(SEED, "text")
    assert article.id == "ria-novosti-2013-08-08"
    assert "No comments" not in article.text and "Post a Comment" not in article.text
    assert article.text.rstrip().endswith("would not be targeted.")
    assert article.source == "RIA Novosti"
    assert article.published == date(2013, 8, 8)
    assert article.title.startswith("Russia’s Defense Ministry expressed hope")


def test_photo_credits_are_cleaned_out_of_the_text_and_prose_with_slashes_is_not() -> None:
    from index.clean import clean_text

    text = "\n\n".join([  # paragraphs, as a page gives them (hard-wrapped lines would be joined)
        "Eric Renard/Icon Sport/Getty Images\nFrance won the World Cup on home soil in 1998.",
        "It was Morocco's first win. Mustafa Yalcin/Anadolu Agency/Getty Images Alphonso Davies celebrates.",
        "A man clears the snow around a vehicle. Lindsay DeDario/Reuters",
        "Cameron became prime minister. Stefan Rousseau/PA Wire via AP Johnson poses with a cup.",
        "Supporters rally in Washington. (AP Photo/John Minchillo, File) They marched.",
        "Hide Caption 1 of 47 Photos: Princess Diana smiled.",
        "Video Ad Feedback 02:31 - Source: CNN Deadly flash floods wipe out a bridge in Pakistan"])
    assert clean_text(text).split("\n") == [
        "France won the World Cup on home soil in 1998.", "It was Morocco's first win. Alphonso Davies celebrates.",
        "A man clears the snow around a vehicle.", "Cameron became prime minister. Johnson poses with a cup.",
        "Supporters rally in Washington. They marched.",
        "Photos: Princess Diana smiled.", "Deadly flash floods wipe out a bridge in Pakistan"]
    prose = "The Pfizer/BioNTech vaccine works. A new AP/NORC poll agrees. The NORC/AP poll ran in May."
    assert clean_text(prose) == prose


def test_a_gallery_title_repeated_before_every_slide_is_cleaned_out_with_the_credit_it_hid() -> None:
    from index.clean import clean_text

    slides = ["PA Images/Getty Images Elizabeth was born April 21, 1926, in London.",
              "Princess Elizabeth poses for a photo at her London home in 1928.",
              "AFP/Getty Images Elizabeth ascended to the throne in February 1952.",
              "Tony Jones/Pool/Getty Images The Queen speaks in 2021."]
    text = "The Queen died on Thursday.\n" + " ".join("Photos: The life of Queen Elizabeth II " + s for s in slides)
    assert clean_text(text).split("\n") == [
        "The Queen died on Thursday.", "Elizabeth was born April 21, 1926, in London.",
        "Princess Elizabeth poses for a photo at her London home in 1928.",
        "Elizabeth ascended to the throne in February 1952.", "The Queen speaks in 2021."]
    # captions without a shared title keep their words; one or two "Photos:" are no gallery
    loose = " ".join(f"Photos: {s}" for s in ("Abe speaks in Nara.", "Police detain a man.", "Crowds gather."))
    assert clean_text(loose).split("\n") == ["Abe speaks in Nara.", "Police detain a man.", "Crowds gather."]
    assert clean_text("Photos: Princess Diana smiled. Photos: She waved.") == (
        "Photos: Princess Diana smiled. Photos: She waved.")


def test_jsonl_maps_common_field_names_and_keeps_source_ids(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {"doc_id": "x1", "headline": "Storm hits coast", "body": "A storm hit the coast on Monday. Many fled.",
         "link": "https://www.example.com/news/2023/01/04/storm/index.html", "byline": "By Ann Lee and Bo Chen"},
        {"id": "x2", "title": "Vote", "content": "The vote passed.", "publish_date": "2021-05-06T10:00:00Z",
         "outlet": "Daily Planet", "authors": ["Lois Lane"]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    a, b = _articles(path, "jsonl")
    assert (a.id, a.title, a.source, a.published) == ("x1", "Storm hits coast", "example.com", date(2023, 1, 4))
    assert a.authors == ["Ann Lee", "Bo Chen"]
    assert (b.id, b.source, b.published, b.authors) == ("x2", "Daily Planet", date(2021, 5, 6), ["Lois Lane"])


def test_bad_jsonl_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "Fine text here."}\n\n{"id": 2, "text": \n[1, 2]\n{"id": "4"}\n')
    items = list(read_records(path, "jsonl"))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors[0].startswith("bad.jsonl line 3: invalid JSON")
    assert errors[1].startswith("bad.jsonl line 4: expected a JSON object")
    with pytest.raises(InputError, match=r"bad.jsonl line 5: no article text"):
        to_article([i for i in items if isinstance(i, Record)][1])


def test_headline_only_items_keep_their_headline_as_text() -> None:
    a = to_article(Record("w line 1", {"id": "f", "title": "FED SAYS LOANS FELL 195 MLN DLRS", "text": ""}))
    assert (a.title, a.text) == ("FED SAYS LOANS FELL 195 MLN DLRS", "FED SAYS LOANS FELL 195 MLN DLRS")


def test_gzipped_jsonl_and_json_array(tmp_path: Path) -> None:
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt") as fh:
        fh.write(json.dumps({"id": "g", "text": "Gzipped text."}) + "\n")
    arr = tmp_path / "b.json"
    arr.write_text(json.dumps({"articles": [{"id": "j", "text": "From an array."}]}))
    assert [a.id for a in _articles(gz, "jsonl")] == ["g"]
    assert [a.id for a in _articles(arr, "json")] == ["j"]


def test_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,title,text,date,source\n1,Hello,"Body, with comma.",2020-02-03,Wire\n2,x,"y","bad",\n')
    a, b = _articles(path, "csv")
    assert (a.id, a.title, a.text, a.published, a.source) == ("1", "Hello", "Body, with comma.", date(2020, 2, 3), "Wire")
    assert b.published is None and b.origin == "a.csv line 3"


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join(["The council approved the new budget after a long debate about schools."] * 6)
    page = tmp_path / "story.html"
    page.write_text(f"""<html><head><title>Council passes budget</title>
      <meta property="og:site_name" content="City Herald"><meta name="date" content="2022-03-09"></head>
      <body><nav>Home | Sports</nav><article><h1>Council passes budget</h1><p>{body}</p><p>{body}</p></article>
      <footer>Copyright 2022</footer></body></html>""")
    [a] = _articles(page, "html")
    assert "council approved" in a.text.lower() and "Home | Sports" not in a.text
    assert a.published == date(2022, 3, 9) and a.source == "City Herald" and "budget" in a.title.lower()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds(tmp_path: Path, kind: str) -> None:
    if kind == "rss":
        text = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title>
        <item><title>Rates rise</title><link>https://wire.example/rates</link><guid>r1</guid>
        <pubDate>Tue, 04 Jan 2022 10:00:00 GMT</pubDate><description>&lt;p&gt;The bank raised rates.&lt;/p&gt;</description></item>
        </channel></rss>"""
    else:
        text = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Feed</title>
        <entry><title>Rates rise</title><link href="https://wire.example/rates"/><id>r1</id>
        <updated>2022-01-04T10:00:00Z</updated><author><name>Sam</name></author>
        <content type="html">&lt;p&gt;The bank raised rates.&lt;/p&gt;</content></entry></feed>"""
    path = tmp_path / f"feed.{kind}"
    path.write_text(text)
    [a] = _articles(path, "feed")
    assert (a.id, a.title, a.text, a.source, a.published) == ("r1", "Rates rise", "The bank raised rates.",
                                                              "Wire Feed", date(2022, 1, 4))


def test_folders_are_read_recursively_and_unknown_files_named(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "one.txt").write_text("Headline one\nBody one.")
    (tmp_path / "d" / "sub" / "two.md").write_text("Headline two\nBody two.")
    (tmp_path / "d" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "notes.xyz").write_text("?")
    found = list(iter_files([tmp_path / "d", tmp_path / "notes.xyz", tmp_path / "missing.jsonl"]))
    pairs = [f for f in found if not isinstance(f, InputError)]
    files = sorted(p.name for p, _ in pairs)
    errors = [str(f) for f in found if isinstance(f, InputError)]
    assert files == ["one.txt", "two.md"]
    assert any("notes.xyz: unknown format" in e and "--format" in e for e in errors)
    assert any("missing.jsonl: no such file" in e for e in errors)
    titles = [to_article(r).title for p, f in pairs for r in read_records(p, f) if isinstance(r, Record)]
    assert sorted(titles) == ["Headline one", "Headline two"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-01-04", date(2023, 1, 4)), ("26-FEB-1987 15:01:01.79", date(1987, 2, 26)),
    ("27-MAR-1987 04:29:27.59&#5;&#5;&#5;RM", date(1987, 3, 27)),
    ("Tue, 04 Jan 2022 10:00:00 GMT", date(2022, 1, 4)), ("August 8, 2013", date(2013, 8, 8)),
    (1_600_000_000, date(2020, 9, 13)), ("Thursday", None), ("", None),
])
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_dates_and_url_keys_from_urls() -> None:
    assert date_from_url("https://edition.cnn.com/2020/03/12/us/story/index.html") == date(2020, 3, 12)
    assert date_from_url("https://x.com/news/2021-07-09-title") == date(2021, 7, 9)
    assert date_from_url("https://x.com/news/title") is None
    assert normalize_url("https://www.cnn.com/2020/03/12/us/a/index.html") == normalize_url("http://cnn.com/2020/03/12/us/a/")


def test_dateline_date_is_used_when_it_has_a_year() -> None:
    rec = Record("r.jsonl line 1", {"id": "d", "text": "LONDON, March 3, 2019 (Wire) - Markets fell sharply."})
    assert to_article(rec).published == date(2019, 3, 3)


def test_hard_wrapped_newswire_text_is_unwrapped() -> None:
    text = ("Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\n"
            "January and improving prospects for the coming temporao,\nalthough normal humidity levels have not "
            "been restored.\n    The dry period means the temporao will be late this year and\nthe crop smaller.")
    a = to_article(Record("r line 1", {"id": "r", "text": text, "title": "COCOA"}))
    assert a.text.split("\n")[0].startswith("Showers continued throughout the week in the Bahia cocoa zone")
    assert len(a.text.split("\n")) == 2


def test_a_partly_broken_feed_is_stored_with_a_warning(tmp_path: Path) -> None:
    from index.ingest import Indexer
    from index.settings import Settings

    feed = tmp_path / "broken.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>'
                    "<item><guid>one</guid><title>Dam opens</title><description>The dam opened on Monday after "
                    "years of work.</description></item>"
                    "<item><guid>two</guid><title>Weir &amp broken</title><description>The weir")  # cut off
    report = Indexer(Settings()).ingest([feed], progress=False)
    assert report.added >= 1
    assert any("broken.rss record 1" in w and "malformed" in w for w in report.warnings), report.warnings
