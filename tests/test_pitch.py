from __future__ import annotations

from coffeechat.models import ProfileIn
from coffeechat.pitch import build_pitch


def test_pitch_joins_parts_and_times_them() -> None:
    pitch = build_pitch(ProfileIn(
        pitch_who="I'm Zoë, and I taught chemistry for six years",
        pitch_what="now I'm learning backend development with Python and building a small app "
                   "that helps teachers plan experiments safely",
        pitch_where="in a year I'd like to be a junior backend developer on a team that cares "
                    "about education and good testing",
    ))
    assert pitch.text.startswith("I'm Zoë, and I taught chemistry for six years. Now I'm")
    assert pitch.words == 48
    assert (pitch.seconds_low, pitch.seconds_high) == (19, 22)
    assert pitch.hints == ["At 48 words there's room for a little more: a detail about what "
                           "you're building helps people remember you."]
    assert pitch.timing == "about 19-22 seconds"


def test_a_pitch_in_the_sweet_spot_needs_no_hint() -> None:
    assert build_pitch(ProfileIn(pitch_who="word " * 25, pitch_what="word " * 25,
                                 pitch_where="word " * 20)).hints == []


def test_missing_parts_and_long_pitches_get_hints() -> None:
    assert build_pitch(ProfileIn(pitch_who="I'm Sam")).hints == [
        "Add what you do.", "Add where you want to be in 12 months."]
    long = build_pitch(ProfileIn(pitch_who="word " * 40, pitch_what="word " * 30,
                                 pitch_where="word " * 20))
    assert long.words == 90
    assert any("runs past 30 seconds" in h for h in long.hints)


def test_empty_profile_has_no_text() -> None:
    pitch = build_pitch(ProfileIn())
    assert pitch.text == "" and pitch.words == 0 and len(pitch.hints) == 3
