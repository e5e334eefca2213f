"""Importing in the browser and through the API: upload an export, see the name mapping,
correct it, confirm; a bad file says where and writes nothing; nobody reaches another's upload."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from web import Person, invited

from exhaust.services import uploads as uploads_module
from exhaust.web.pages import importing as import_page

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
_FLASH = re.compile(r'<p class="flash (\w+)"[^>]*>([^<]*)</p>')


@pytest.fixture(autouse=True)
def _private_temp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Uploads go to this test's own temporary folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def words(page: str) -> str:
    main = page[page.index("<main>") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def upload(person: Person, content: bytes, name: str = "strong.csv", **fields: str) -> Any:
    token = person.csrf("/import")
    data = {"csrf_token": token, "app": "", "unit": "kg", "tz": "UTC", **fields}
    return person.client.post(
        "/import",
        data=data,
        files={"file": (name, content, "text/csv")},
        headers={"Referer": "http://testserver/import"},
        follow_redirects=False,
    )


def send(person: Person, url: str, data: dict[str, Any] | None = None, page: str | None = None) -> Any:
    """A form sent from ``page`` as a browser sends it (with the page as Referer)."""
    page = page or url.rsplit("/", 1)[0]
    return person.post_form(url, data or {}, page=page, headers={"Referer": f"http://testserver{page}"})


def flash(person: Person, response: Any) -> tuple[str, str] | None:
    assert response.status_code == 303, response.text
    found = _FLASH.search(person.client.get(response.headers["location"]).text)
    return (found.group(1), html.unescape(found.group(2))) if found else None


def sets_in_logbook(person: Person) -> int:
    total: int = person.api("GET", "/api/v1/history").json()["total"]
    return total


def uploads_kept(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_dir() and len(p.name) == 22]


STRONG = (FIXTURES / "strong.csv").read_bytes()


def test_upload_preview_correct_confirm_and_again_adds_nothing(anna: Person, _private_temp: Path) -> None:
    sent = upload(anna, STRONG)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/import/")
    where = sent.headers["location"]
    preview = anna.client.get(where)
    assert preview.status_code == 200
    text = words(preview.text)
    assert "strong.csv" in text and "Would import 2 workouts (10 sets)" in text and "Already here 0 workouts" in text
    assert "Chest Fly (Dumbbell) 2 Chest Fly (Dumbbell) same name 100" in text  # the mapping table
    assert "Import 2 workouts" in text
    assert str(_private_temp) not in preview.text  # the server's paths stay on the server
    assert sets_in_logbook(anna) == 0  # nothing written before the confirmation

    names = re.findall(r'aria-label="Change (.+?) to"', preview.text)
    corrected = ["custom" if html.unescape(n) == "Chest Fly (Dumbbell)" else "" for n in names]
    checked = send(anna, f"{where}/mapping", {"to": corrected}, page=where)
    assert flash(anna, checked) == ("info", "Mapping checked again with 1 correction.")
    again = words(anna.client.get(where).text)
    assert "Chest Fly (Dumbbell) 2 Chest Fly (Dumbbell) (new, kept as your own) kept as your own" in again

    done = send(anna, f"{where}/confirm", page=where)
    assert done.status_code == 303 and done.headers["location"] == where
    summary = words(anna.client.get(where).text)
    assert "2 workouts (10 sets) from strong.csv are in your logbook" in summary
    assert "See your history" in summary and "See your progress" in summary
    assert sets_in_logbook(anna) == 10
    assert not list(_private_temp.rglob("export*.csv"))  # the file is gone once imported

    history = words(anna.client.get("/history").text)
    assert "10 sets" in history and "Chest Fly (Dumbbell)" in history
    assert '<a href="/exercises/dumbbell-fly">' not in anna.client.get("/history").text  # kept as her own
    repeat = anna.client.get(upload(anna, STRONG).headers["location"])
    assert "Nothing new to import" in words(repeat.text) and "Already here 2 workouts" in words(repeat.text)
    send(anna, f"{repeat.url.path}/confirm", page=repeat.url.path)
    assert sets_in_logbook(anna) == 10


def test_a_correction_that_names_no_exercise_says_which_and_changes_nothing(anna: Person) -> None:
    where = upload(anna, STRONG).headers["location"]
    names = re.findall(r'aria-label="Change (.+?) to"', anna.client.get(where).text)
    wrong = ["Blorp Press" if html.unescape(n) == "Squat (Barbell)" else "" for n in names]
    refused = send(anna, f"{where}/mapping", {"to": wrong}, page=where)
    kind, message = flash(anna, refused) or ("", "")
    assert kind == "error" and "'Squat (Barbell)' → 'Blorp Press': no exercise called 'Blorp Press'" in message
    assert 'value="Blorp Press"' not in anna.client.get(where).text  # the corrections are as they were
    assert send(anna, f"{where}/mapping", {"to": ["x"]}, page=where).status_code == 303  # out of date
    assert sets_in_logbook(anna) == 0


def test_a_broken_file_shows_its_line_and_column_and_imports_nothing(anna: Person, _private_temp: Path) -> None:
    broken = STRONG.replace(b"Squat (Barbell),W,60,5,", b"Squat (Barbell),W,sixty,5,")  # line 5
    got = upload(anna, broken, name="my export.csv")
    assert got.status_code == 400
    text = words(got.text)
    assert "This file cannot be imported" in text and "Nothing was imported" in text
    assert "File my export.csv Line 5 Column 6 (Weight)" in text
    assert sets_in_logbook(anna) == 0 and uploads_kept(_private_temp) == []

    no_unit = upload(anna, STRONG, unit="")
    assert no_unit.status_code == 400 and "Choose the weight unit you used in the app" in words(no_unit.text)
    not_csv = upload(anna, b"\xff\xfe\x00garbage", name="photo.jpg")
    assert not_csv.status_code == 400 and "not UTF-8 text" in words(not_csv.text)
    bad_zone = upload(anna, STRONG, tz="Mars/Olympus")
    assert flash(anna, bad_zone) == (
        "error",
        "time zone 'Mars/Olympus' is not one this computer knows; give an IANA name such as "
        "Europe/Berlin, America/New_York or UTC",
    )
    assert sets_in_logbook(anna) == 0


def test_an_upload_without_the_forms_csrf_token_is_refused(anna: Person) -> None:
    forged = anna.client.post("/import", data={"unit": "kg"}, files={"file": ("strong.csv", STRONG, "text/csv")})
    assert forged.status_code == 403 and sets_in_logbook(anna) == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(anna: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_page, "MAX_BYTES", 100)
    monkeypatch.setattr(import_page, "SLACK", 0)
    kind, message = flash(anna, upload(anna, STRONG)) or ("", "")
    assert kind == "error" and message.startswith("the file is larger than")
    assert sets_in_logbook(anna) == 0


def test_nobody_reaches_another_users_upload_and_an_upload_expires(
    app: Any, anna: Person, _private_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = invited(app, anna, "ben")
    where = upload(anna, STRONG).headers["location"]
    assert ben.client.get(where).status_code == 404
    assert send(ben, f"{where}/confirm", page="/import").status_code == 404
    assert send(ben, f"{where}/discard", page="/import").status_code == 404
    assert anna.client.get("/import/../../etc").status_code == 404
    assert sets_in_logbook(anna) == 0 == sets_in_logbook(ben)

    coach = invited(app, anna, "carla", kind="coach", role="coach")
    assert coach.client.get(f"{where}?athlete={anna.id}").status_code == 404  # an upload is its owner's only

    now = uploads_module.time.time()
    monkeypatch.setattr(uploads_module.time, "time", lambda: now + uploads_module.KEEP_S + 1)
    gone = anna.client.get(where)
    assert gone.status_code == 404 and "Upload the file again" in words(gone.text)
    assert uploads_kept(_private_temp) == []


def test_discarding_deletes_the_upload(anna: Person, _private_temp: Path) -> None:
    where = upload(anna, STRONG).headers["location"]
    assert len(uploads_kept(_private_temp)) == 1
    assert flash(anna, send(anna, f"{where}/discard", page=where)) == (
        "info",
        "Discarded strong.csv. Nothing was imported.",
    )
    assert uploads_kept(_private_temp) == [] and anna.client.get(where).status_code == 404


def test_the_api_previews_imports_and_reports_where_a_file_is_wrong(anna: Person) -> None:
    def post(query: str, content: bytes = STRONG, **files: Any) -> Any:
        return anna.api("POST", f"/api/v1/imports?{query}", files={"file": ("strong.csv", content), **files})

    dry = post("unit=kg&tz=UTC")
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert report["dry_run"] and report["workouts_imported"] == 2 and report["file"] == "strong.csv"
    assert {n["name"]: n["how"] for n in report["names"]}["Bench Press (Barbell)"] == "exact"
    assert sets_in_logbook(anna) == 0

    mapped = post("unit=kg&tz=UTC&dry_run=false", map=("map.txt", b"Chest Fly (Dumbbell) = custom\n"))
    assert mapped.status_code == 201 and mapped.json()["sets_imported"] == 10
    assert {n["name"]: n["how"] for n in mapped.json()["names"]}["Chest Fly (Dumbbell)"] == "custom"
    assert sets_in_logbook(anna) == 10
    assert post("unit=kg&tz=UTC&dry_run=false").json()["workouts_present"] == 2  # again: nothing new

    broken = post("unit=kg", content=STRONG.replace(b",80,8,", b",80,eight,", 1))
    assert broken.status_code == 400
    error = broken.json()
    assert (error["file"], error["column"], error["column_name"]) == ("strong.csv", 7, "Reps")
    assert isinstance(error["line"], int) and f"line {error['line']}" in error["detail"]
    bad_map = post("unit=kg", map=("map.txt", b"no equals sign here\n"))
    assert bad_map.status_code == 400 and bad_map.json()["line"] == 1
    assert post("unit=stone").status_code == 422
    assert sets_in_logbook(anna) == 10
