"""The languages a document's files come in: CICA's working languages first, then the other
official languages of the United Nations that Member States submit documents in."""

LANGUAGES = ("en", "ru", "ar", "zh", "fr", "es")
# Each language's name in itself, as the language switch shows it (readers look for their own).
NATIVE_NAMES = {"en": "English", "ru": "Русский", "ar": "العربية", "zh": "中文", "fr": "Français", "es": "Español"}


def reader_first(languages, reader: str) -> list[str]:
    """``languages`` with the reader's first, then English and Russian, then the rest in order."""
    order: dict[str, int] = {}
    for lang in (reader, "en", "ru", *LANGUAGES):
        order.setdefault(lang, len(order))
    return sorted(languages, key=lambda lang: order.get(lang, len(order)))
