"""Readers: format from content, encodings, dates, front matter — on real files."""

from __future__ import annotations

import pytest

from dossier_build.model import PartialDate
from dossier_build.readers import (
    ReadError,
    date_from_filename,
    date_from_value,
    decode,
    read_document,
    split_front_matter,
    string_list,
)

from .conftest import JEKYLL_CORPUS, SEEDS


def seed(name: str) -> bytes:
    return next(SEEDS.glob(name + "*")).read_bytes()


def test_plain_text_date_header_is_metadata_and_rest_of_line_stays_text():
    document = read_document("000.txt", seed("000"))
    assert document.format == "text"
    assert document.metadata["date"] == PartialDate(2024, 6)
    assert document.metadata["date"].iso() == "2024-06"
    assert document.body.startswith("Schon bei der Begrüßung am Flughafen")


def test_month_date_keeps_its_precision():
    date = read_document("004.txt", seed("004")).metadata["date"]
    assert date.precision == "month" and date.iso() == "2023-09"


def test_txt_with_front_matter_is_read_as_front_matter():
    document = read_document("003.txt", seed("003"))
    assert document.format == "front-matter"
    assert document.metadata["categories"] == ["entries", "DE"]
    # RFC 2822 with +0200: the publisher's own calendar day
    assert document.metadata["date"] == PartialDate(2024, 6, 19)
    assert document.body_line == 7


def test_plain_text_without_date_header():
    document = read_document("001.txt", seed("001"))
    assert document.format == "text"
    assert "date" not in document.metadata
    assert document.body.startswith("(Seoul) Der russische Präsident")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Wed, 19 Jun 2024 08:00:00 +0200", "2024-06-19"),
        ("2015-10-01 01:00:00 +0800", "2015-10-01"),  # own day kept, not converted to UTC
        ("2010-01-10 13:07:09", "2010-01-10"),
        ("2024-06", "2024-06"),
        ("2024", "2024"),
        ("2024-06-19T23:30:00Z", "2024-06-19"),
    ],
)
def test_front_matter_date_formats(value, expected):
    assert date_from_value(value).iso() == expected


@pytest.mark.parametrize("value", ["tuesday", "9999-99-99", "Blah", "", True])
def test_front_matter_dates_that_are_not_dates(value):
    assert date_from_value(value) is None


def test_filename_dates_like_jekyll():
    assert date_from_filename("2017-2-5-i-dont-like-zeroes.md") == PartialDate(2017, 2, 5)
    assert date_from_filename("2016-22-01-test.md") is None
    assert date_from_filename("3940394-21-9393050-fifif1323-test.md") is None


def test_front_matter_date_wins_over_file_name():
    data = (JEKYLL_CORPUS / "2010-01-09-date-override.markdown").read_bytes()
    document = read_document("2010-01-09-date-override.markdown", data)
    assert document.metadata["date"] == PartialDate(2010, 1, 10)


def test_categories_string_split_list_kept():
    assert string_list("entries DE") == ["entries", "DE"]
    assert string_list(["foo bar", 2013]) == ["foo bar", "2013"]
    assert string_list(None) == []


def test_published_false_is_marked():
    data = (JEKYLL_CORPUS / "2008-02-02-not-published.markdown").read_bytes()
    assert read_document("x.markdown", data).metadata["published"] is False


def test_utf16_with_bom_and_crlf():
    data = (JEKYLL_CORPUS / "_encodings__Unicode16LECRLFandBOM.md").read_bytes()
    document = read_document("u16.md", data)
    assert document.encoding == "utf-16"
    assert "\r" not in document.body
    assert {c.kind for c in document.changes} >= {"encoding", "line-endings"}


def test_utf8_bom_is_dropped_before_front_matter():
    data = (JEKYLL_CORPUS / "_encodings__UTF8CRLFandBOM.md").read_bytes()
    document = read_document("bom.md", data)
    assert document.format == "front-matter"
    assert document.encoding == "utf-8-sig"


def test_cp1252_fallback_is_recorded_and_warned():
    text, encoding, changes = decode("Straße in Köln".encode("cp1252"))
    assert encoding == "cp1252" and text == "Straße in Köln"
    assert changes[0].kind == "encoding"
    document = read_document("x.txt", "Straße in Köln".encode("cp1252"))
    assert any(d.severity == "warning" and "cp1252" in d.message for d in document.diagnostics)


@pytest.mark.parametrize("data, reason", [(b"", "empty"), (b"  \n\n", "white space"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file")])
def test_empty_and_binary_files_are_errors(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_document("bad", data)


def test_invalid_yaml_names_the_line():
    data = (JEKYLL_CORPUS / "_broken__bad_post.md").read_bytes()
    with pytest.raises(ReadError) as info:
        read_document("bad.md", data)
    assert "not valid YAML" in info.value.message and info.value.line


def test_unsafe_yaml_tag_builds_nothing():
    data = (JEKYLL_CORPUS / "fixtures__exploit_front_matter.erb").read_bytes()
    with pytest.raises(ReadError, match="tag that is not allowed"):
        read_document("exploit.erb", data)


def test_front_matter_closed_with_dots_and_unclosed_dashes():
    assert split_front_matter("---\ntitle: x\n...\nbody\n") == ("title: x\n", "body\n", 4)
    assert split_front_matter("---\nnever closed\n") is None
    assert split_front_matter("-----BEGIN PGP\n---\n") is None
    assert split_front_matter("---  \n---\nbody") == ("", "body", 3)
