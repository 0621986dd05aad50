"""Schema upkeep: every foreign key indexed, so deleting a parent row never scans a child table."""

from __future__ import annotations

from desktop.models import Base


def test_every_foreign_key_column_leads_an_index():
    missing = []
    for table in Base.metadata.sorted_tables:
        leading = {next(iter(index.columns)).name for index in table.indexes}
        for fk in table.foreign_keys:
            if fk.parent.name not in leading:
                missing.append(f"{table.name}.{fk.parent.name}")
    assert missing == []
