"""The one module for dates (EDTF of the forms FORMAT.md lists) and the one for names (CSL
name parts, suffixes and particles)."""

from __future__ import annotations

import pytest

from argmap import dates, names
from argmap.model import Evidence, Historian


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("1924", "1924"),
        ("1922-04", "April 1922"),
        ("1924-05-23", "23 May 1924"),
        ("1780~", "c. 1780"),
        ("1924?", "1924?"),
        ("1924%", "c. 1924?"),
        ("1922-04~", "c. April 1922"),
        ("1778/1783", "1778–1783"),
        ("1945-02-04/1945-02-11", "4–11 February 1945"),
        ("1945-02-04/1945-03-11", "4 February – 11 March 1945"),
        ("1945-02/1945-03", "February–March 1945"),
        ("1944-12-30/1945-01-02", "30 December 1944 – 2 January 1945"),
        ("1945-02/1945-03-15", "February 1945 – 15 March 1945"),
        ("1778~/1783~", "c. 1778–1783"),
        ("1778~/1783", "c. 1778 – 1783"),
        ("0800", "800"),
    ],
)
def test_every_form_is_shown_in_words(written, shown):
    assert dates.display(dates.parse(written)) == shown


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("1789-02-30", "there is no day 30 in February 1789"),
        ("1900-02-29", "there is no day 29 in February 1900"),
        ("1783/1778", "the interval runs backwards: 1783 is after 1778"),
        ("1924-05/1924-01", "the interval runs backwards: 1924-05 is after 1924-01"),
        ("0000-01-01", "there is no year 0"),
        ("1924-13", "there is no month 13"),
        ("1924~?", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1924/", "use YYYY"),
        ("/1924", "use YYYY"),
        ("1924/1925/1926", "use YYYY"),
        ("1924-5", "use YYYY"),
        ("-0044", "use YYYY"),
        ("1924-XX", "use YYYY"),
        ("..1924", "use YYYY"),
    ],
)
def test_invalid_dates_say_why(written, why):
    with pytest.raises(dates.InvalidDate, match=why.replace("?", r"\?")):
        dates.parse(written)


def test_dates_sort_by_earliest_day_then_the_longer_span_first():
    written = [
        "1924-01-21",
        "1925",
        "1924-01",
        "1924",
        "1923/1926",
        "1924-01-01",
        "1923-12-31",
        "1924-01-21/1924-01-27",
        None,
    ]
    items = [Evidence(f"e{i}", "E", date) for i, date in enumerate(written)]
    ordered = [e.date for e in sorted(items, key=lambda e: e.date_key)]
    assert ordered == [
        "1923/1926",
        "1923-12-31",
        "1924",
        "1924-01",
        "1924-01-01",
        "1924-01-21/1924-01-27",
        "1924-01-21",
        "1925",
        None,
    ]


def test_an_evidence_item_keeps_its_text_and_knows_its_span():
    item = Evidence("yalta", "Yalta.", "1945-02-04/1945-02-11")
    assert item.date == "1945-02-04/1945-02-11"
    assert item.year == 1945
    assert item.when is not None and item.when.latest.day == 11
    assert Evidence("x", "X", "1780~/1783").year == 1780
    assert Evidence("x", "X").year is None and Evidence("x", "X").when is None


@pytest.mark.parametrize(
    ("name", "family", "given", "suffix", "particle", "inverted"),
    [
        ("Arthur M. Schlesinger Jr.", "Schlesinger", "Arthur M.", "Jr.", "", None),
        ("William H. Sewell Jr.", "Sewell", "William H.", "Jr.", "", "Sewell, William H., Jr."),
        ("Ludwig von Mises", "Mises", "Ludwig", "", "von", "Mises, Ludwig von"),
        ("Sean McMeekin", "McMeekin", "Sean", "", "", "McMeekin, Sean"),
        ("E. H. Carr", "Carr", "E. H.", "", "", "Carr, E. H."),
        ("Johannes van der Waals", "Waals", "Johannes", "", "van der", None),
        ("Henry Ford II", "Ford", "Henry", "II", "", "Ford, Henry, II"),
        ("Plato", "Plato", "", "", "", "Plato"),
        ("Van Morrison", "Morrison", "Van", "", "", None),  # a first name, not a particle
    ],
)
def test_names_split_into_csl_parts(name, family, given, suffix, particle, inverted):
    parts = names.split(name)
    assert (parts.family, parts.given, parts.suffix, parts.particle) == (
        family,
        given,
        suffix,
        particle,
    )
    if inverted:
        assert parts.csl()["family"] == family  # printed by the CSL processor


def test_written_name_parts_are_taken_as_they_are():
    # The compound family name is not split when the parts are written.
    person = Historian("vy", "Eric Van Young", family="Van Young", given="Eric", particle="")
    assert person.parts.csl() == {"family": "Van Young", "given": "Eric"}
    assert Historian("m", "Ludwig von Mises").parts.csl() == {
        "family": "Mises",
        "given": "Ludwig",
        "non-dropping-particle": "von",
    }
