"""`SkillIndex.map_lists` (many lists at once, each distinct list and item mapped once) against
`map` / `canonical` one list at a time, and `terbalik match` reading a file through it."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import read_participants_csv
from terbalik.matching.engine.parse import ReadLimits, _read_clean, _read_rows
from terbalik.skills.normalise import SkillIndex
from terbalik.skills.seed_data import SEED

INDEX = SkillIndex({s.slug: (s.label_id, s.label_en, *s.synonyms_id, *s.synonyms_en)
                    for s in SEED}, redirects={"old-python": "python", "!!": "sql"})
#: items as the reader leaves them (and some it would not): ids, labels, synonyms, unknown
#: words, several terms in one item, terms without letters, case and accents
ITEMS = ["python", "tiktok", "media sosial", "social media", "Social Media", "analisis data",
         "data analysis", "kopi", "Kopi", "kopi ", "musik", "music", "xyzzy", "python, sql",
         "kopi; teh", "a,b", ",", "--", "!!", "", "ß", "SS", "ss", "café", "cafe",
         "old-python", "data analysis, analisis data", "sql"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ITEMS), max_size=5).map(tuple), max_size=12))
def test_map_lists_answers_as_map_does_one_list_at_a_time(lists) -> None:
    got = INDEX.map_lists(lists)
    assert [values for values, _ in got] == [tuple(INDEX.canonical(items)) for items in lists]
    assert [unmapped for _, unmapped in got] == [tuple(INDEX.map(items).unmapped)
                                                 for items in lists]


def test_map_lists_of_nothing() -> None:
    assert INDEX.map_lists([]) == []
    assert INDEX.map_lists([()]) == [((), ())]


FILE = ("employee_id,role,grade,skills,interests,manager_id\n"
        "e1,mentee,9,Python|xyzzy|TikTok,kopi|musik,\n"
        "m1,mentor,2,python|media sosial,Kopi|xyzzy,e1\n")


def _upper_and_reversed(name: str, column: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [tuple(item.upper() + name[0] for item in reversed(items)) for items in column]


def test_map_terms_gives_the_participants_their_mapped_lists_on_both_readings() -> None:
    plain = read_participants_csv(FILE.encode())
    expected = [dataclasses.replace(p, skills=_upper_and_reversed("s", [p.skills])[0],
                                    interests=_upper_and_reversed("i", [p.interests])[0])
                for p in plain]
    assert expected[0].skills == ("TIKTOKs", "XYZZYs", "PYTHONs")
    limits = ReadLimits()
    assert _read_clean(FILE, ",", limits, _upper_and_reversed) == expected
    assert read_participants_csv(FILE.encode(), map_terms=_upper_and_reversed) == expected
    # a quoted cell sends the file to the row-by-row reading: the same participants
    quoted = FILE.replace("kopi|musik", '"kopi|musik"')
    assert _read_clean(quoted, ",", limits) is None
    assert _read_rows(quoted, ",", limits) == plain
    assert read_participants_csv(quoted.encode(), map_terms=_upper_and_reversed) == expected
