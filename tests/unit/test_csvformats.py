"""Reading every shape of Strong, Hevy and FitNotes export, and refusing broken ones by line and column."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from exhaust.domain.csvformats import read_export
from exhaust.domain.imported import ImportFileError, ParsedHistory, SourceApp
from exhaust.domain.logbook import SetType, WeightUnit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"

# Every fixture holds the same two workouts (legs, then chest) in its app's shape.
VARIANTS = {
    "strong.csv": (SourceApp.STRONG, WeightUnit.KG, "strong (comma-separated, weights in kg)"),
    "strong-no-notes.csv": (
        SourceApp.STRONG,
        WeightUnit.LB,
        "strong (comma-separated, no notes columns, weights in lb)",
    ),
    "strong-old-semicolon.csv": (
        SourceApp.STRONG,
        None,
        "strong (older layout, semicolon-separated, a unit on each row)",
    ),
    "strong-new-kg.csv": (SourceApp.STRONG, None, "strong (newer layout, comma-separated, weights in kg)"),
    "strong-new-lbs-semicolon.csv": (
        SourceApp.STRONG,
        None,
        "strong (newer layout, semicolon-separated, weights in lb)",
    ),
    "hevy.csv": (SourceApp.HEVY, None, "hevy (comma-separated, weights in kg)"),
    "hevy-lbs.csv": (SourceApp.HEVY, None, "hevy (comma-separated, weights in lb)"),
    "fitnotes.csv": (SourceApp.FITNOTES, None, "fitnotes (comma-separated, a unit on each row)"),
}


def read(name: str, unit: WeightUnit | None = None, **kw: object) -> ParsedHistory:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return read_export(text, source=name, tz=kw.pop("tz", UTC), unit=unit, **kw)  # type: ignore[arg-type]


def text_of(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_reads_the_same_two_workouts(name: str) -> None:
    app, unit, variant = VARIANTS[name]
    parsed = read(name, unit)
    assert parsed.app is app
    assert parsed.variant == variant
    assert [w.started_at.date().isoformat() for w in parsed.workouts] == ["2026-01-05", "2026-01-08"]
    legs, chest = parsed.workouts
    assert [s.exercise.split(" (")[0] for s in legs.sets][:2] in (["Leg Extension"] * 2, ["Leg Extension Machine"] * 2)
    assert len(legs.sets) == 5 and len(chest.sets) == 5
    heavy = legs.sets[3]  # the first working squat set
    assert heavy.reps == 8
    kg = heavy.weight * (Decimal("0.45359237") if heavy.unit is WeightUnit.LB else 1)  # type: ignore[operator]
    assert abs(kg - 100) < 1
    if app is not SourceApp.FITNOTES:  # FitNotes has no set types or RPE
        assert [s.set_type for s in legs.sets[2:]] == [SetType.WARMUP, SetType.WORKING, SetType.FAILURE]
        assert heavy.rpe == Decimal("8.5")
        assert chest.sets[3].set_type is SetType.DROP
        assert chest.ended_at is not None and chest.ended_at - chest.started_at == timedelta(minutes=56)


def test_float_artefacts_and_decimal_reps_are_read_as_meant() -> None:
    parsed = read("strong.csv", WeightUnit.KG)
    legs = parsed.workouts[0]
    assert legs.sets[3].weight == Decimal(100) and str(legs.sets[3].weight) == "100"
    assert legs.sets[1].reps == 11  # '11.0'
    lb = read("strong-no-notes.csv", WeightUnit.LB).workouts[0]
    assert str(lb.sets[3].weight) == "220"  # '220.00000000000003'


def test_rest_timer_rows_become_the_rest_before_the_next_set() -> None:
    parsed = read("strong.csv", WeightUnit.KG)
    legs = parsed.workouts[0]
    assert parsed.rest_rows == 1
    assert [s.rest_s for s in legs.sets] == [None, None, 45, None, None]
    assert parsed.rows == 11 and parsed.sets == 10  # the rest row is not a set


def test_quoted_commas_newlines_bom_crlf_and_non_ascii_names() -> None:
    parsed = read("strong-bom-crlf.csv", WeightUnit.KG)
    (push,) = parsed.workouts
    assert push.name == "Push, heavy"
    assert push.sets[0].notes == "paused, 1s\nthen touch-and-go"
    assert [s.exercise for s in push.sets][1:] == ["Développé militaire (Haltères)", "Écarté à la poulie"]
    assert push.sets[2].notes == '"crossover" 💪'
    assert [s.line for s in push.sets] == [2, 4, 5]  # a quoted newline makes the row two lines


def test_workout_notes_and_exercise_notes_are_kept() -> None:
    strong = read("strong.csv", WeightUnit.KG).workouts[0]
    assert strong.notes == "Slept 8h, felt strong"
    assert strong.sets[3].notes == 'knees in on rep 7, "watch it"'
    hevy = read("hevy.csv").workouts[0]
    assert hevy.notes == "Slept 8h, felt strong"
    assert hevy.sets[2].notes == 'knees in, "watch it"'


def test_hevy_keeps_supersets_and_sorts_newest_first_files_oldest_first() -> None:
    parsed = read("hevy.csv")
    legs, chest = parsed.workouts
    assert legs.name == "Legs - pre-exhaust"  # second in the file, first in time
    assert {s.superset for s in legs.sets} == {"0"}
    assert {s.superset for s in chest.sets} == {""}
    assert chest.sets[4].weight is None and chest.sets[4].duration_s == 60  # plank: no weight, a time


def test_distances_become_metres_in_every_unit() -> None:
    assert read("strong-old-semicolon.csv").workouts[1].sets[4].distance_m == Decimal("5000.00")  # 5 km
    assert read("hevy-lbs.csv").workouts[1].sets[4].distance_m == Decimal("4988.97")  # 3.1 mi
    assert read("strong-new-kg.csv").workouts[1].sets[4].distance_m == Decimal("50.00")  # metres column


def test_fitnotes_dates_are_noon_local_and_times_are_seconds() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    parsed = read("fitnotes.csv", tz=berlin)
    assert parsed.workouts[0].started_at == datetime(2026, 1, 5, 11, 0, tzinfo=UTC)  # noon CET
    assert parsed.workouts[1].sets[4].duration_s == 60
    assert parsed.categories["Barbell Squat"] == "Legs"


def test_local_times_follow_the_zone_given() -> None:
    plus_two = timezone(timedelta(hours=2))
    parsed = read("strong.csv", WeightUnit.KG, tz=plus_two)
    assert parsed.workouts[0].started_at == datetime(2026, 1, 5, 16, 0, tzinfo=UTC)


def test_the_format_can_be_forced_and_a_wrong_one_is_named() -> None:
    assert read("hevy.csv", app=SourceApp.HEVY).app is SourceApp.HEVY
    with pytest.raises(ImportFileError, match="not that of a FitNotes export") as err:
        read("hevy.csv", app=SourceApp.FITNOTES)
    assert err.value.line == 1


def test_a_strong_file_without_a_unit_asks_for_one() -> None:
    with pytest.raises(ImportFileError, match="--unit kg or --unit lb"):
        read("strong.csv")


def test_fingerprints_ignore_notes_and_units_but_not_what_was_done() -> None:
    kg = read("strong.csv", WeightUnit.KG).workouts[1]
    lb = read("hevy-lbs.csv").workouts[1]
    hevy = read("hevy.csv").workouts[1]
    assert kg.fingerprint() == hevy.fingerprint()  # same sets, other app's file
    assert kg.fingerprint() != lb.fingerprint()  # a run instead of a plank
    changed = text_of("strong.csv").replace("Bench Press (Barbell),2,80,8", "Bench Press (Barbell),2,80,9")
    again = read_export(changed, source="x", tz=UTC, unit=WeightUnit.KG).workouts[1]
    assert again.fingerprint() != kg.fingerprint()


# --- broken files: the line, the column, what was expected ------------------------------------


def broken(name: str, old: str, new: str, unit: WeightUnit | None = WeightUnit.KG) -> ImportFileError:
    text = text_of(name)
    assert old in text, "the fixture changed; update the test"
    with pytest.raises(ImportFileError) as err:
        read_export(text.replace(old, new, 1), source=name, tz=UTC, unit=unit)
    assert "nothing was imported" in str(err.value)
    return err.value


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "column", "expected"),
    [
        (
            "strong.csv",
            "Leg Extension (Machine),1,50,12",
            "Leg Extension (Machine),1,fifty,12",
            2,
            "Weight",
            "a weight",
        ),
        ("strong.csv", "Squat (Barbell),W,60,5", "Squat (Barbell),W,-60,5", 5, "Weight", "negative"),
        ("strong.csv", "Squat (Barbell),W,60,5", "Squat (Barbell),W,6000,5", 5, "Weight", "over 1000 kg"),
        ("strong.csv", "Bench Press (Barbell),1,80,8", "Bench Press (Barbell),1,80,8.5", 9, "Reps", "whole number"),
        ("strong.csv", "Bench Press (Barbell),1,80,8", "Bench Press (Barbell),1,80,800", 9, "Reps", "more than"),
        ("strong.csv", "Bench Press (Barbell),1,80,8", "Bench Press (Barbell),X,80,8", 9, "Set Order", "W (warm-up)"),
        ("strong.csv", "2026-01-08 07:30:00,Chest", "08/01/2026 07:30,Chest", 9, "Date", "2024-03-02 18:30:00"),
        ("strong.csv", ",56m,Bench Press (Barbell),1", ",ages,Bench Press (Barbell),1", 9, "Duration", "56m"),
        (
            "strong.csv",
            '50,11.0,0,0,,"Slept 8h, felt strong",8',
            '50,11.0,0,0,,"Slept 8h, felt strong",11',
            3,
            "RPE",
            "1 to 10",
        ),
        ("strong.csv", "Leg Extension (Machine),1,50", ",1,50", 2, "Exercise Name", "exercise name"),
        ("hevy.csv", ",1,dropset,10", ",1,superset,10", 5, "set_type", "warmup"),
        (
            "hevy.csv",
            '"8 Jan 2026, 07:30","8 Jan 2026, 08:26",,Bench',
            '"8 Foo 2026, 07:30","8 Jan 2026, 08:26",,Bench',
            2,
            "start_time",
            "2 Mar 2026, 19:59",
        ),
        ("fitnotes.csv", "50.0,kgs,12", "50.0,stone,12", 2, "Weight Unit", "kg, kgs, lb or lbs"),
        ("fitnotes.csv", "Plank,Abs,,,,,,0:01:00", "Plank,Abs,,,,,,a minute", 11, "Time", "0:01:30"),
        ("strong-old-semicolon.csv", '"5";"km"', '"5";"parsecs"', 11, "Distance Unit", "distance"),
    ],
)
def test_a_bad_cell_names_line_column_and_what_was_expected(
    name: str, old: str, new: str, line: int, column: str, expected: str
) -> None:
    err = broken(name, old, new)
    assert (err.line, err.column_name) == (line, column)
    assert err.column is not None and err.column >= 1
    assert expected in str(err)
    assert f"line {line}, column {err.column} ({column})" in str(err)


def test_a_row_with_too_few_fields_names_its_line() -> None:
    err = broken(
        "strong.csv",
        "2026-01-08 07:30:00,Chest - post-exhaust,56m,Bench Press (Barbell),2,80,8,0,0,,,",
        "2026-01-08 07:30:00,Chest",
    )
    assert err.line == 10 and "has 2 fields but the header has 12" in str(err)


def test_an_unclosed_quote_names_where_the_csv_breaks() -> None:
    err = broken(
        "hevy.csv", '"8 Jan 2026, 07:30","8 Jan 2026, 08:26",,Plank', '"8 Jan 2026, 07:30,"8 Jan 2026, 08:26",,Plank'
    )
    assert err.line == 6 and "the CSV is broken in the row that starts here" in str(err)


def test_a_quote_left_open_to_the_end_of_the_file_names_the_row_it_opened_in() -> None:
    err = broken("fitnotes.csv", "2026-01-08,Plank", '2026-01-08,"Plank')
    assert err.line == 11 and "unexpected end of data" in str(err)


def test_an_unknown_header_and_a_missing_column_are_explained() -> None:
    with pytest.raises(ImportFileError, match="cannot tell which app"):
        read_export("when,what,how much\n1,2,3\n", source="x.csv", tz=UTC)
    with pytest.raises(ImportFileError, match="needs the column Reps"):
        read_export("Date,Exercise Name,Set Order,Weight\n", source="x.csv", tz=UTC, unit=WeightUnit.KG)
    with pytest.raises(ImportFileError, match="file is empty"):
        read_export("", source="x.csv", tz=UTC)


def test_rows_with_nothing_done_and_blank_rows_are_skipped_and_counted() -> None:
    text = text_of("fitnotes.csv") + "2026-01-08,Flat Dumbbell Fly,Chest,,,0,,,\n\n"
    parsed = read_export(text, source="f.csv", tz=UTC)
    assert parsed.skipped.counts == {"no reps, weight, distance or time recorded": 1, "blank row": 1}
    assert parsed.skipped.lines["no reps, weight, distance or time recorded"] == [12]


def test_a_rest_timer_after_the_last_set_is_reported_not_lost_silently() -> None:
    text = text_of("strong.csv") + "2026-01-08 07:30:00,Chest - post-exhaust,56m,Plank,Rest Timer,0,0,0,90,,,\n"
    parsed = read_export(text, source="s.csv", tz=UTC, unit=WeightUnit.KG)
    assert parsed.skipped.counts == {"rest timer after the workout's last set (no set to attach it to)": 1}


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="needs time.tzset (POSIX)")
def test_the_computers_zone_follows_daylight_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --tz, times are this computer's local time, summer time included."""
    import time

    from exhaust.services.inputs import SystemZone

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        zone = SystemZone()
        winter = read_export(
            "Date,Exercise,Category,Weight,Weight Unit,Reps\n2026-01-05,Squat,Legs,100,kg,5\n", source="w", tz=zone
        )
        summer = read_export(
            "Date,Exercise,Category,Weight,Weight Unit,Reps\n2026-07-05,Squat,Legs,100,kg,5\n", source="s", tz=zone
        )
        assert winter.workouts[0].started_at == datetime(2026, 1, 5, 11, 0, tzinfo=UTC)  # noon CET
        assert summer.workouts[0].started_at == datetime(2026, 7, 5, 10, 0, tzinfo=UTC)  # noon CEST
    finally:
        monkeypatch.undo()
        time.tzset()
