"""The standard checklists, one per meeting type, kept as data in meetings/data/task_templates.toml,
and their due dates counted from a meeting's first or last local day."""

import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TEMPLATES_FILE = Path(__file__).resolve().parents[2] / "data" / "task_templates.toml"
DEFAULT = "default"
ANCHORS = ("first", "last")


@dataclass(frozen=True)
class TemplateTask:
    title_en: str
    title_ru: str
    days: int  # after the anchor day (negative: before it)
    anchor: str  # "first" (opening day) or "last" (closing day)

    def due(self, first_day: date, last_day: date) -> date:
        return (first_day if self.anchor == "first" else last_day) + timedelta(days=self.days)


def parse(text: str) -> dict[str, tuple[TemplateTask, ...]]:
    """The templates of a TOML text: meeting type code -> its tasks; a malformed entry raises
    ValueError naming it (the file is the repository's, so a mistake is caught by the tests)."""
    templates = {}
    for code, rows in tomllib.loads(text).items():
        tasks = []
        for n, row in enumerate(rows, 1):
            task = TemplateTask(str(row.get("title_en", "")).strip(), str(row.get("title_ru", "")).strip(),
                                row.get("days"), row.get("from"))
            if not task.title_en or not isinstance(task.days, int) or task.anchor not in ANCHORS:
                raise ValueError(f"task template {code} #{n}: give title_en, days (a whole number) and "
                                 f"from = \"first\" or \"last\"")
            tasks.append(task)
        templates[code] = tuple(tasks)
    if DEFAULT not in templates:
        raise ValueError("the task templates need a [[default]] list")
    return templates


@functools.cache
def all_templates() -> dict[str, tuple[TemplateTask, ...]]:
    return parse(TEMPLATES_FILE.read_text(encoding="utf-8"))


def template_for(type_code: str) -> tuple[TemplateTask, ...]:
    """A meeting type's checklist, or the default one for a type without its own."""
    templates = all_templates()
    return templates.get(type_code, templates[DEFAULT])
