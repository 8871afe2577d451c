"""Name plates (table tents): one folded A4 landscape sheet per delegation, in protocol order, with
the party's name in English and in Russian on each side (templates/print/name_plates.html).

A name's type gets smaller as the name gets longer, so that the longest names of the parties
(«Организация по безопасности и сотрудничеству в Европе», 53 letters) fit their half of the
sheet in at most three lines: never cut, never over the fold.
"""

from dataclasses import dataclass

from meetings.protocol.order import Place, ProtocolList

# Limits in characters, largest type first (print.css: .plate-name.size-*).
PLATE_NAME_SIZES = ((14, "xl"), (24, "l"), (40, "m"))


def plate_name_size(name: str) -> str:
    return next((size for limit, size in PLATE_NAME_SIZES if len(name) <= limit), "s")


@dataclass(frozen=True)
class Plate:
    place: Place
    name_en: str
    name_ru: str

    @property
    def size_en(self) -> str:
        return plate_name_size(self.name_en)

    @property
    def size_ru(self) -> str:
        return plate_name_size(self.name_ru)


def name_plates(order: ProtocolList) -> list[Plate]:
    return [Plate(place, place.party.name_en, place.party.name_ru or place.party.name_en) for place in order]
