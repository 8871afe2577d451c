"""Languages of interpretation as BCP 47 tags: a language subtag CLDR knows ("en", "zh", "fa"),
optionally a script ("zh-Hans") and a region ("pt-BR"), at most 8 characters (the column).

Tags are kept in BCP 47's canonical case (lower-case language, title-case script, upper-case
region): "ZH-hans" and "zh-Hans" are one language, so they are stored as one.
"""

import re

from babel import Locale
from flask_babel import lazy_gettext as _l

from meetings.domain import RuleError

# English and Russian, CICA's working languages: needed by every session unless said otherwise.
DEFAULT_LANGUAGES = ("en", "ru")
# Offered on the form beside the defaults; any other tag may be typed.
COMMON_LANGUAGES = ("en", "ru", "zh", "ar", "fa", "tr", "fr", "es", "kk", "az")
MAX_LENGTH = 8
_TAG = re.compile(r"^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}))?$", re.IGNORECASE)
_ENGLISH = Locale("en")


def canonical(tag: str, field: str) -> str:
    """The canonical form of one typed tag, or a RuleError beside ``field``."""
    value = tag.strip()
    match = _TAG.match(value)
    if not match or len(value) > MAX_LENGTH or match.group(1).lower() not in _ENGLISH.languages:
        raise RuleError(_l("“%(tag)s” is not a language code: use BCP 47 codes such as zh, ar or fa.",
                           tag=value[:20]), field)
    language, script, region = match.groups()
    return "-".join(part for part in (language.lower(), script and script.title(), region and region.upper()) if part)


def parse(text: str, field: str) -> list[str]:
    """Tags separated by commas or spaces, canonical, each once, in the order typed."""
    found: list[str] = []
    for part in re.split(r"[,\s;]+", text.strip()):
        if part:
            tag = canonical(part, field)
            if tag not in found:
                found.append(tag)
    return found


def as_text(tags) -> str:
    return ", ".join(tags)

