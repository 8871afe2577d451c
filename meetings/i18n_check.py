"""`python -m meetings.i18n_check`: every message of the code is in the Russian catalogue,
translated, and the catalogue compiles. Run by `make test`."""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def extracted_messages() -> set[tuple[str | None, str]]:
    """Every message of the code, as (context, msgid): one English word may have two
    translations by context (pgettext: a hotel's rooms, a venue's rooms). pybabel skips folders named ``_*`` unless told: the shared
    template macros live in ``templates/_macros``."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
             "-k", "_l", "-k", "_lp:1c,2", "--ignore-dirs", ".*", "-o", str(pot), "."],
            check=True, capture_output=True, cwd=ROOT,
        )
        with open(pot, "rb") as f:
            return {(m.context, m.id) for m in read_po(f) if m.id}


def missing_messages() -> list[str]:
    wanted = extracted_messages()
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="ru")
    # A fuzzy entry is a guess by `pybabel update`, not a translation: it counts as missing.
    translated = {
        (m.context, m.id) for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    return sorted(f"{msgid} (context: {context})" if context else str(msgid)
                  for context, msgid in wanted - translated)


def main() -> int:
    missing = missing_messages()
    if missing:
        print(f"{len(missing)} messages lack a Russian translation in {CATALOGUE.relative_to(ROOT)}:")
        for message in missing:
            print(f"  {message!r}")
        print("Update with: pybabel extract ... && pybabel update ... (see README), then translate.")
        return 1
    print("Russian catalogue: complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
