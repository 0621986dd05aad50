"""The `metodist` command line: with no command it opens the main window.

Every command takes `--db PATH` (or METODIST_DB). A user error prints one Russian line on
stderr and exits 2; a bug prints "внутренняя ошибка" with the log path and exits 3.
Each command lives in its own module listed in COMMAND_MODULES and exposes
`register(subparsers, parent)`; the handler is stored as `func` on the parsed args.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from desktop import APP_TITLE, __version__
from desktop.errors import UserError

COMMAND_MODULES = [
    "desktop.cli.core",
    "desktop.cli.profiles",
    "desktop.cli.cycle",
    "desktop.cli.deadlines",
    "desktop.cli.export",
    "desktop.cli.documents",
    "desktop.cli.spravki",
    "desktop.cli.maintenance",
    "desktop.cli.imports",
    "desktop.cli.bodies",
]

_ARGPARSE_RU = {
    "the following arguments are required": "не указаны обязательные аргументы",
    "unrecognized arguments": "неизвестные аргументы",
    "invalid choice": "недопустимое значение",
    "expected one argument": "ожидается одно значение",
    "invalid int value": "ожидается целое число",
    "argument": "аргумент",
    "choose from": "выберите из",
}


class _RussianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001, ANN201
        return super().add_usage(usage, actions, groups,
                                 "Использование: " if prefix is None else prefix)


class RussianArgumentParser(argparse.ArgumentParser):
    """argparse with its own texts in Russian (usage, group titles, --help) that reports
    bad arguments in one Russian line and exits 2."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        # keywords only, as argparse itself creates subcommand parsers
        kwargs.setdefault("formatter_class", _RussianHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "позиционные аргументы"
        self._optionals.title = "параметры"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="показать эту справку и выйти")

    def error(self, message: str) -> None:  # type: ignore[override]
        for en, ru in _ARGPARSE_RU.items():
            message = message.replace(en, ru)
        self.exit(2, f"Ошибка в аргументах команды: {message}\n")


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    # `--db` works before or after the command (`metodist --db X demo`, `metodist demo --db X`):
    # the subcommands' copy is SUPPRESSed so that, when absent, it does not overwrite the
    # value given before the command with its default.
    parent = RussianArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="файл базы данных (или METODIST_DB)")
    parent.add_argument("--new", action="store_true", default=argparse.SUPPRESS,
                        help="создать новую базу, если файла ещё нет")
    parser = RussianArgumentParser(prog="metodist", description=APP_TITLE)
    parser.add_argument("--db", metavar="PATH", help="файл базы данных (или METODIST_DB)")
    parser.add_argument("--new", action="store_true",
                        help="создать новую базу, если файла ещё нет (иначе отсутствующий "
                             "файл — ошибка)")
    parser.add_argument("--version", action="version", version=f"metodist {__version__}",
                        help="показать версию программы и выйти")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="открыть главное окно, сохранить снимок в PNG и выйти")
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА",
                                parser_class=RussianArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Opening the window needs none of the commands: importing them all (and SQLAlchemy
    # with them) was a second of start-up. Anything beyond the window's own options, or
    # a request for help, gets the full parser.
    args, rest = build_parser(commands=False).parse_known_args(
        [] if {"-h", "--help"} & set(argv) else argv)
    if rest or {"-h", "--help"} & set(argv):
        args = build_parser().parse_args(argv)
    else:
        args.command = None
    from desktop.logs import setup_logging

    setup_logging()
    try:
        if args.command is None:
            from desktop.ui.app import run_gui

            return run_gui(args.db, screenshot=args.screenshot, new=args.new)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except OSError as exc:  # a full disk, a file taken away under us ...
        from desktop.fileio import os_error_message

        print(os_error_message(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Прервано пользователем.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: keep the traceback in the log
        from desktop.storage.checks import is_storage_error

        if is_storage_error(exc):  # locked, read-only, full disk, damaged: not a bug
            from desktop.cli.common import db_path
            from desktop.storage.db import translate_error

            print(str(translate_error(exc, db_path(args))), file=sys.stderr)
            return 2
        from desktop.logs import log_file

        logging.getLogger("metodist").exception("internal error")
        print(f"Внутренняя ошибка: {exc.__class__.__name__}: {exc}. Подробности в журнале: "
              f"{log_file()}", file=sys.stderr)
        return 3
