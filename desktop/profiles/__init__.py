"""Regulation profiles: each municipality's regulation as data (TOML) that the program obeys.

`schema` holds the data (kinds, stages of the procedure, documents and forms, terms,
deadlines, binding rules, criteria), `loader` reads and validates one file naming every
problem, `registry` knows the shipped and the user's profiles. The format is described in
`resources/profiles/README.md`. Nothing here imports Qt or the database.
"""

from desktop.profiles.loader import ProfileProblems, decode, load_profile_file, parse_profile
from desktop.profiles.registry import (
    Broken,
    all_profiles,
    broken,
    builtin_dir,
    check_file,
    get_profile,
    install_user_profile,
    reload_profiles,
)
from desktop.profiles.schema import (
    DEADLINE_ANCHORS,
    ENFORCE_NAMES,
    FIELD_TYPES,
    SCHEMA_VERSION,
    SOURCE_NAMES,
    Band,
    Column,
    CriteriaSet,
    Criterion,
    DeadlineRule,
    Defect,
    Document,
    Extension,
    Form,
    FormField,
    Ground,
    Kind,
    Leader,
    Profile,
    Reapply,
    ReviewRules,
    Stage,
    Term,
    Window,
    month_day,
)

__all__ = [
    "DEADLINE_ANCHORS", "ENFORCE_NAMES", "FIELD_TYPES", "SCHEMA_VERSION", "SOURCE_NAMES", "Band",
    "Broken", "Column", "CriteriaSet", "Criterion", "DeadlineRule", "Defect", "Document",
    "Extension", "Form", "FormField", "Ground", "Kind", "Leader", "Profile", "ProfileProblems",
    "Reapply", "ReviewRules", "Stage", "Term", "Window", "all_profiles", "broken", "builtin_dir",
    "check_file", "decode", "get_profile", "install_user_profile", "load_profile_file",
    "month_day", "parse_profile", "reload_profiles",
]
