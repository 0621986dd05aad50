"""The fields a document template may use, and the check of a template folder.

The fields are those of `desktop.services.documents.data.Document` (and of the records in
its lists), so the list cannot drift from what the writer fills. `check_templates` reads
every .docx of a folder, lists the fields each uses (the top level through docxtpl's
`get_undeclared_template_variables`, attributes such as `centre.nam` or `item.org` inside
loops by walking the template) and names each unknown one in Russian, with the nearest
known name.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop.services.documents import data as d

DOC_TYPES = ("agenda", "protocol", "order", "notice", "missing", "invitation", "conclusion",
             "application")
ITEM_TYPES: dict[str, type | None] = {
    "agenda": d.AgendaItem, "protocol": d.ProtocolItem, "order": d.OrderRow,
    "missing": d.MissingItem, "conclusion": d.Conclusion, "application": d.PackageDocument,
    "notice": None, "invitation": None}
# fields the writer adds beside the document's own
DERIVED: dict[str, Any] = {"date_short": str, "today": str, "assigned": ("list", d.OrderRow),
                           "extended": ("list", d.OrderRow), "removed": ("list", d.OrderRow),
                           "completed": ("list", d.OrderRow)}
EXTRA_ATTRS: dict[type, set[str]] = {}
# names Jinja itself provides inside templates
BUILTINS = {"loop", "range", "true", "false", "none", "True", "False", "None"}


def template_env() -> Any:
    """The Jinja environment documents render with: autoescape, unknown fields are errors."""
    from jinja2 import Environment, StrictUndefined

    return Environment(undefined=StrictUndefined, autoescape=True)


def _type_of(hint: Any) -> Any:
    """A dataclass, ("list", element) or None (a plain value) for a type hint."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin is list:
        return ("list", _type_of(args[0]) if args else None)
    if args and origin is not dict:  # X | None
        return _type_of(args[0])
    if dataclasses.is_dataclass(hint):
        return hint
    return None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return {k: _type_of(v) for k, v in typing.get_type_hints(cls, vars(d)).items()}


@cache
def optional_types() -> dict[str, type]:
    """The document's fields holding one record that may be absent (printed blank)."""
    return {k: v for k, v in _hints(d.Document).items() if isinstance(v, type)}


def top_fields(code: str) -> dict[str, Any]:
    """The top-level fields of a document type's template, with their types."""
    out = {k: v for k, v in _hints(d.Document).items() if k not in d.NOT_PRINTED}
    out["items"] = ("list", ITEM_TYPES.get(code))
    out.update(DERIVED)
    return out


def attributes(cls: type) -> set[str]:
    return set(_hints(cls)) | EXTRA_ATTRS.get(cls, set())


@dataclass
class TemplateReport:
    """One template: the document type it is for, the fields it uses, its problems."""

    path: Path
    code: str
    fields: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _parse(path: Path) -> tuple[set[str], Any]:
    """docxtpl's own list of top-level names, and the template's Jinja tree."""
    from docx import Document as Docx
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    names = tpl.get_undeclared_template_variables(template_env())
    docx = Docx(str(path))
    xml = tpl.patch_xml(tpl.xml_to_string(docx._element.body))
    for rel in docx.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return set(names), template_env().parse(xml)


def _nearest(name: str, known: set[str], prefix: str = "") -> str:
    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f" — может быть, «{prefix}{found[0]}»?" if found else ""


class _Walker:
    """Walks a template's tree with the type of each name in scope, noting each attribute
    used and each one its record does not have."""

    def __init__(self, top: dict[str, Any]) -> None:
        self.top, self.used, self.unknown = top, set[str](), dict[str, str]()

    def resolve(self, node: Any, scope: dict[str, Any]) -> tuple[str, Any] | None:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            return (node.name, scope.get(node.name))
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            if base is None:
                return None
            path, cls = base
            dotted = f"{path}.{node.attr}"
            if isinstance(cls, type):
                if node.attr not in attributes(cls):
                    self.unknown.setdefault(dotted, _nearest(node.attr, attributes(cls),
                                                             f"{path}."))
                    return None
                self.used.add(dotted)
                return (dotted, _hints(cls).get(node.attr))
            return (dotted, None)
        return None

    def walk(self, node: Any, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            found = self.resolve(node.iter, scope)
            element = found[1][1] if found and isinstance(found[1], tuple) else None
            inner = dict(scope)
            for target in node.target.find_all(nodes.Name) if not isinstance(
                    node.target, nodes.Name) else [node.target]:
                inner[target.name] = element if isinstance(node.target, nodes.Name) else None
            inner["loop"] = None
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            return
        if isinstance(node, nodes.Getattr):
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.Name) and node.name in self.top:
            self.used.add(node.name)
        for child in node.iter_child_nodes():
            self.walk(child, scope)


def check_template(path: Path, code: str | None = None) -> TemplateReport:
    """The fields a template uses and a Russian line per unknown one."""
    from jinja2 import TemplateSyntaxError

    code = code or path.stem
    report = TemplateReport(path, code)
    if code not in DOC_TYPES:
        report.problems.append(f"{path.name}: неизвестный тип документа «{path.stem}»; имя "
                               f"файла должно быть одним из: {', '.join(DOC_TYPES)}.")
        return report
    top = top_fields(code)
    try:
        names, tree = _parse(path)
    except TemplateSyntaxError as exc:
        report.problems.append(f"{path.name}: ошибка в разметке полей — {exc.message}.")
        return report
    except Exception:  # noqa: BLE001 - not a Word file: one Russian line, nothing else
        report.problems.append(f"{path.name}: файл не читается как документ Word (.docx).")
        return report
    for name in sorted(names - set(top) - BUILTINS):
        report.problems.append(f"{path.name}: неизвестное поле «{name}»"
                               f"{_nearest(name, set(top))}")
    walker = _Walker(top)
    walker.walk(tree, dict(top))
    for dotted, hint in sorted(walker.unknown.items()):
        report.problems.append(f"{path.name}: неизвестное поле «{dotted}»{hint}")
    report.fields = sorted((names & set(top)) | walker.used)
    return report


def check_templates(folder: Path) -> list[TemplateReport]:
    """Every template in a folder and its profile subfolders."""
    from desktop.profiles import all_profiles

    profiles = {p.id for p in all_profiles()}
    reports = []
    for path in sorted(folder.rglob("*.docx")):
        if path.name.startswith("~$"):  # Word's lock file beside an open document
            continue
        report = check_template(path)
        sub = path.parent.relative_to(folder).parts
        if sub and sub[0] not in profiles:
            report.problems.append(f"{path.parent.name}/{path.name}: папка «{sub[0]}» не "
                                   "совпадает ни с одним профилем "
                                   f"({', '.join(sorted(profiles))}).")
        reports.append(report)
    return reports
