"""Which profiles there are: the shipped ones, then the user's own folder.

A broken user file never stops the program: it is skipped and listed by `broken()` (the
window shows it, `metodist profiles` lists it). A user file with the id of a shipped
profile must say `replaces = "that-id"`; two user files with one id are both refused.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop.errors import ProfileError
from desktop.paths import resource, user_profiles_dir
from desktop.profiles.loader import ProfileProblems, load_profile_file
from desktop.profiles.schema import Profile


@dataclass(frozen=True)
class Broken:
    """A user's profile file that was skipped, and why (one Russian line per problem)."""

    path: Path
    problems: tuple[str, ...]

    def to_json(self) -> dict:
        return {"path": str(self.path), "problems": list(self.problems)}


def builtin_dir() -> Path:
    return resource("profiles")


def _problems(exc: ProfileError) -> tuple[str, ...]:
    return tuple(exc.problems) if isinstance(exc, ProfileProblems) else (str(exc),)


@lru_cache(maxsize=8)
def _load_all(dirs: tuple[Path, ...]) -> tuple[tuple[Profile, ...], tuple[Broken, ...]]:
    shipped: dict[str, Profile] = {}
    builtin, *user_dirs = dirs
    for path in sorted(builtin.glob("*.toml")) if builtin.is_dir() else []:
        profile = load_profile_file(path)  # a broken shipped profile is a bug: let it raise
        shipped[profile.id] = profile
    profiles = dict(shipped)
    broken: list[Broken] = []
    users: dict[str, list[Profile]] = {}
    for folder in user_dirs:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                profile = load_profile_file(path)
            except ProfileError as exc:
                broken.append(Broken(path, _problems(exc)))
                continue
            users.setdefault(profile.id, []).append(profile)
    for pid, found in users.items():
        if len(found) > 1:
            names = ", ".join(p.path.name for p in found if p.path)
            for p in found:
                broken.append(Broken(p.path or Path(), (
                    f"Профиль {p.path.name if p.path else pid}: id «{pid}» повторяется в "
                    f"файлах {names}; оставьте один.",)))
            continue
        profile = found[0]
        if pid in shipped and profile.replaces != pid:
            broken.append(Broken(profile.path or Path(), (
                f"Профиль {profile.path.name if profile.path else pid}: id «{pid}» уже есть "
                f"среди поставляемых профилей. Чтобы заменить его, добавьте строку "
                f"replaces = \"{pid}\"; иначе выберите другой id.",)))
            continue
        if profile.replaces and profile.replaces != pid:
            broken.append(Broken(profile.path or Path(), (
                f"Профиль {profile.path.name if profile.path else pid}: replaces = "
                f"\"{profile.replaces}\" должно совпадать с id «{pid}».",)))
            continue
        profiles[pid] = profile
    return tuple(profiles.values()), tuple(broken)


def _dirs(include_user: bool) -> tuple[Path, ...]:
    return (builtin_dir(), user_profiles_dir()) if include_user else (builtin_dir(),)


def all_profiles(*, include_user: bool = True) -> list[Profile]:
    """Every usable profile: the shipped ones, with the user's own added or replacing."""
    return list(_load_all(_dirs(include_user))[0])


def broken() -> list[Broken]:
    """The user's profile files that were skipped, with their problems."""
    return list(_load_all(_dirs(True))[1])


def get_profile(profile_id: str) -> Profile:
    for p in all_profiles():
        if p.id == profile_id:
            return p
    known = ", ".join(p.id for p in all_profiles())
    raise ProfileError(f"Неизвестный профиль «{profile_id}». Есть: {known}.")


def check_file(path: Path) -> Profile:
    """Validate one file as the registry would take it (raises ProfileProblems)."""
    profile = load_profile_file(path)
    shipped = {p.id for p in all_profiles(include_user=False)}
    if profile.id in shipped and profile.replaces != profile.id:
        raise ProfileProblems(path.name, [
            f"Профиль {path.name}: id «{profile.id}» уже есть среди поставляемых профилей. "
            f"Чтобы заменить его, добавьте строку replaces = \"{profile.id}\"."])
    if profile.replaces and profile.replaces != profile.id:
        raise ProfileProblems(path.name, [
            f"Профиль {path.name}: replaces = \"{profile.replaces}\" должно совпадать с id "
            f"«{profile.id}»."])
    return profile


def install_user_profile(path: Path) -> Profile:
    """Check a user's profile file and copy it into the user profiles folder."""
    profile = check_file(path)
    folder = user_profiles_dir()
    for other in folder.glob("*.toml") if folder.is_dir() else []:
        try:
            same = load_profile_file(other).id == profile.id
        except ProfileError:
            same = False
        if same and other.name != f"{profile.id}.toml":
            raise ProfileProblems(path.name, [
                f"Профиль {path.name}: профиль с id «{profile.id}» уже установлен из файла "
                f"{other.name}; удалите его или измените id."])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{profile.id}.toml"
    tmp = target.with_name(target.name + ".part")
    shutil.copyfile(path, tmp)
    tmp.replace(target)
    _load_all.cache_clear()
    return load_profile_file(target)


def reload_profiles() -> None:
    _load_all.cache_clear()
