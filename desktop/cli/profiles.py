"""`metodist profiles [list|check FILE|install FILE] [--json]`: the profiles, and a user's
own profile file checked (every problem, one Russian line each) or installed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.errors import UserError


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("profiles", parents=[parent],
                       help="профили (положения): список, проверка и установка своего файла")
    p.add_argument("action", nargs="?", default="list", choices=("list", "check", "install"),
                   help="list — список (по умолчанию); check FILE — проверить файл профиля; "
                        "install FILE — проверить и установить в папку пользователя")
    p.add_argument("file", nargs="?", metavar="FILE", help="файл профиля (.toml)")
    p.add_argument("--json", action="store_true", help="вывести в формате JSON")
    p.set_defaults(func=cmd_profiles)


def _out(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    print()


def cmd_profiles(args: argparse.Namespace) -> int:
    from desktop.profiles import (
        ProfileProblems,
        all_profiles,
        broken,
        check_file,
        install_user_profile,
    )

    if args.action == "list":
        profiles, bad = all_profiles(), broken()
        if args.json:
            _out([p.to_json() for p in profiles]
                 + [{"broken": True, **b.to_json()} for b in bad])
            return 0
        for p in profiles:
            print(f"{p.id}: {p.name}" + (f" (заменяет поставляемый «{p.replaces}»)"
                                         if p.replaces else ""))
            for k in p.kinds:
                stages = " → ".join(st.name for st in k.stages)
                print(f"  {k.code} — {k.name}. Пакет: {'; '.join(k.required_documents)}. "
                      f"Процедура: {stages}")
        for b in bad:
            print(f"НЕ ЗАГРУЖЕН {b.path}:")
            for line in b.problems:
                print(f"  {line}")
        return 0
    if not args.file:
        raise UserError(f"Укажите файл профиля: metodist profiles {args.action} ФАЙЛ.toml")
    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"Файл профиля «{path}» не найден.")
    try:
        profile = check_file(path) if args.action == "check" else install_user_profile(path)
    except ProfileProblems as exc:
        if args.json:
            _out({"valid": False, "file": str(path), "problems": exc.problems})
        else:
            for line in exc.problems:
                print(line, file=sys.stderr)
        return 2
    if args.json:
        _out({"valid": True, "file": str(path), "id": profile.id, "name": profile.name,
              "installed": str(profile.path) if args.action == "install" else None})
    elif args.action == "check":
        print(f"Профиль «{profile.name}» ({profile.id}) проверен: ошибок нет.")
    else:
        print(f"Профиль «{profile.name}» ({profile.id}) установлен: {profile.path}")
    return 0
