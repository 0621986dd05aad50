"""Profile files a user writes: every problem named with its field, unknown keys with the
nearest known one, BOM and Windows-1251, replacing a shipped profile, broken files skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.errors import ProfileError
from desktop.paths import user_profiles_dir
from desktop.profiles import all_profiles, broken, builtin_dir, load_profile_file, reload_profiles

OMSK = (builtin_dir() / "omsk.toml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "mine.toml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding, errors="replace"))
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("required = true\n", "requred = true\n", "«forms.omsk_zayavka.fields[1].requred» — "
                                              "возможно, «required»"),
    ("[[application_windows]]", "[[aplication_windows]]", "«aplication_windows» — возможно, "
                                                          "«application_windows»"),
    ("offset_months", "offest_months", "offest_months"),
])
def test_misspelt_keys_are_refused_with_the_nearest_known_one(tmp_path, old, new, message):
    text = OMSK.replace("anchor = \"yearly\"\nmonth = 5", "anchor = \"yearly\"\noffset_months = 0"
                        "\nmonth = 5", 1)
    with pytest.raises(ProfileError) as err:
        load_profile_file(_write(tmp_path, text.replace(old, new, 1)))
    assert message in "\n".join(err.value.problems)


def test_every_problem_is_listed_and_check_exits_2(tmp_path, capsys):
    text = OMSK.replace('start = "10-01"', 'start = "02-30"').replace(
        'min = 11', 'min = 12').replace('id = "omsk"', 'id = "omsk2"')
    path = _write(tmp_path, text)
    assert main(["profiles", "check", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("Профиль mine.toml: поле «") for line in lines)
    assert "02-30" in lines[0] or "02-30" in lines[1]
    ok = _write(tmp_path, OMSK.replace('id = "omsk"', 'id = "omsk2"'), "ok.toml")
    assert main(["profiles", "check", str(ok), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_bom_is_accepted_and_windows_1251_gets_a_hint(tmp_path):
    text = OMSK.replace('id = "omsk"', 'id = "omsk2"')
    assert load_profile_file(_write(tmp_path, "\ufeff" + text)).id == "omsk2"
    with pytest.raises(ProfileError, match="Windows-1251.*UTF-8"):
        load_profile_file(_write(tmp_path, text.replace("₽", ""), "cp.toml", "cp1251"))


def test_a_user_file_must_say_it_replaces_a_shipped_profile(tmp_path, capsys):
    folder = user_profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "omsk-copy.toml").write_text(OMSK, encoding="utf-8")
    (folder / "broken.toml").write_text("schema = = 2", encoding="utf-8")
    reload_profiles()
    assert {b.path.name for b in broken()} == {"omsk-copy.toml", "broken.toml"}
    assert "replaces = \"omsk\"" in next(b for b in broken()
                                        if b.path.name == "omsk-copy.toml").problems[0]
    assert len(all_profiles()) == 5  # the app goes on with the shipped ones
    assert main(["profiles"]) == 0
    assert "НЕ ЗАГРУЖЕН" in capsys.readouterr().out
    (folder / "omsk-copy.toml").write_text(OMSK.replace(
        'id = "omsk"', 'id = "omsk"\nreplaces = "omsk"\n').replace(
        'name = "Омск', 'name = "Омск (наш)', 1), encoding="utf-8")
    (folder / "broken.toml").unlink()
    reload_profiles()
    assert not broken()
    assert next(p for p in all_profiles() if p.id == "omsk").name.startswith("Омск (наш)")


def test_install_copies_a_checked_file(tmp_path, capsys):
    path = _write(tmp_path, OMSK.replace('id = "omsk"', 'id = "omsk-region"'))
    assert main(["profiles", "install", str(path), "--json"]) == 0
    installed = json.loads(capsys.readouterr().out)["installed"]
    assert Path(installed).parent == user_profiles_dir()
    reload_profiles()
    assert "omsk-region" in {p.id for p in all_profiles()}
