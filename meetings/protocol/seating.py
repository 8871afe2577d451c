"""The seating plan: the room's layout chosen by the Secretariat, filled in protocol order.

Where the order starts, per layout (the presidency, the Chair and the Secretariat, sits at the head
table at the top of the plan, facing the room, and is not counted among the delegations):
- hollow square and U-shape: place 1 sits at the head table on the presidency's right (the plan's
  left, as the presidency faces down the plan); the places then go round the table: along the
  head table to its corner, down the left side, along the foot (hollow square), up the right side
  and back along the head table to the presidency's left;
- round table: the same, round the circle: place 1 on the presidency's right, the last place on
  its left;
- theatre: rows facing the stage, a centre aisle between two blocks; place 1 in the front row by
  the aisle on the presidency's right, place 2 by the aisle on its left, then outward in turns
  (3 right, 4 left, ...), then the row behind.
Each delegation has its head's seat at the table (or in its row) and its seats behind, straight
back from the head's. The geometry is plain numbers (``arrange``); templates/protocol/_seating.svg
draws it, on the page and in the PDF.
"""

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.labels import LABELS
from meetings.models import Meeting, Room, SeatingLayout, SeatingPlan
from meetings.models.protocol import MAX_SEATS_BEHIND, SEATING_LAYOUTS, SEATING_PAPERS
from meetings.protocol.order import Place, ProtocolList
from meetings.transaction import operation

HOLLOW_SQUARE, U_SHAPE, ROUND_TABLE, THEATRE = SEATING_LAYOUTS
LAYOUT_LABELS = LABELS[SeatingLayout]
PAPER_LABELS = {"A4": _l("A4 landscape"), "A3": _l("A3 landscape")}
DEFAULTS = {"layout": HOLLOW_SQUARE, "seats_behind": 1, "room_id": None, "paper": "A4"}

# Drawing units (the SVG's user units: about a third of a millimetre on A4 landscape).
SPACING = 66  # between two heads' seats along a table
HEAD_R, BEHIND_R = 15, 9
ROW = 30  # from a seat to the one behind it
TABLE = 34  # the table's depth
TO_TABLE = HEAD_R + 6  # from a head's seat to the table's edge
LABEL_LENGTH = 220  # the longest line of a name beside the seats
LABEL_SIZE = 12
CHAR_WIDTH = 0.6  # of the font size: a generous average for DejaVu Sans, Latin and Cyrillic
MARGIN = 24
# Theatre: columns of a block, each as wide as a name in three lines of small type.
THEATRE_COLUMNS, COLUMN, AISLE = 6, 86, 56


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    x: float
    y: float
    angle: float  # degrees, clockwise on the plan
    anchor: str  # "start", "middle" or "end"
    size: float
    centred: bool = True  # the lines centred on y (else the last line's baseline on y)

    @property
    def length(self) -> float:
        return max(len(line) for line in self.lines) * CHAR_WIDTH * self.size

    @property
    def shifts(self) -> list[float]:
        """Each line's dy: the first from the anchor point, the others one line below."""
        step = round(self.size * 1.15, 2)
        first = -(len(self.lines) - 1) * step / 2 + 0.35 * self.size if self.centred else -(len(self.lines) - 1) * step
        return [round(first, 2)] + [step] * (len(self.lines) - 1)


@dataclass(frozen=True)
class SeatGroup:
    """One delegation's seats (``place``), or the presidency's (``place`` None)."""

    place: Place | None
    head: tuple[float, float]
    behind: tuple[tuple[float, float], ...]
    label: Label


@dataclass(frozen=True)
class Drawing:
    layout: str
    view_box: tuple[float, float, float, float]
    # The table or stage: ("rect", x, y, w, h), ("circle", cx, cy, r) or ("path", d), drawn as a
    # stroke of the table's depth (a stage is filled).
    table: tuple
    presidency: tuple[tuple[float, float], ...]
    presidency_label: tuple[float, float]
    groups: list[SeatGroup]
    caption: tuple[float, float]  # where the room's name and the title go (inside the tables)


def _greedy(words: list[str], width: int) -> list[str]:
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def wrap(text: str, max_chars: int, max_lines: int) -> tuple[str, ...]:
    """``text`` in the fewest lines (up to ``max_lines``) of at most ``max_chars``, broken between
    words and balanced; when even ``max_lines`` lines are longer, those (the type is made smaller
    to fit, never cut)."""
    words = text.split() or [""]
    if len(text) <= max_chars:
        return (text,)
    lines = [text]
    for wanted in range(2, max_lines + 1):
        width = max(math.ceil(len(text) / wanted), *map(len, words))
        while len(lines := _greedy(words, width)) > wanted:
            width += 1
        if max(map(len, lines)) <= max_chars:
            break
    return tuple(lines)


def _fit(lines: tuple[str, ...], length: float, size: float) -> float:
    """The largest type up to ``size`` in which every line is at most ``length`` long."""
    return round(min(size, length / (CHAR_WIDTH * max(len(line) for line in lines))), 2)


def _side_label(name: str, x: float, y: float, nx: float, ny: float, depth: float) -> Label:
    """A name written outward from a seat along the normal (nx, ny), beyond ``depth`` of seats,
    never upside down (text that would point left is turned round and ends at the seat)."""
    lines = wrap(name, 30, 2)
    lx, ly = x + nx * depth, y + ny * depth
    angle = math.degrees(math.atan2(ny, nx))
    if nx < -1e-6:
        return Label(lines, lx, ly, round(angle - 180, 2), "end", _fit(lines, LABEL_LENGTH, LABEL_SIZE))
    return Label(lines, lx, ly, round(angle, 2), "start", _fit(lines, LABEL_LENGTH, LABEL_SIZE))


def _group(place: Place, name: str, x: float, y: float, nx: float, ny: float, seats_behind: int) -> SeatGroup:
    behind = tuple((round(x + nx * ROW * k, 2), round(y + ny * ROW * k, 2)) for k in range(1, seats_behind + 1))
    depth = HEAD_R + 8 + ROW * seats_behind
    return SeatGroup(place, (round(x, 2), round(y, 2)), behind, _side_label(name, x, y, nx, ny, depth))


def _share(lengths: list[float], n: int) -> list[int]:
    """``n`` seats shared among sides in proportion to their lengths (largest remainders)."""
    total = sum(lengths)
    exact = [n * length / total for length in lengths]
    counts = [math.floor(e) for e in exact]
    for index in sorted(range(len(lengths)), key=lambda i: exact[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[index] += 1
    return counts


def _around_table(layout: str, named: list[tuple[Place, str]], seats_behind: int) -> tuple[list[SeatGroup], dict]:
    """Hollow square and U-shape: the heads' seats on a rectangle (width w, height h, centred on
    0, 0), from the presidency's right round to its left."""
    n = max(len(named), 1)
    half_presidency = SPACING
    if layout == HOLLOW_SQUARE:  # a landscape rectangle: 2h + 2w - 2 * presidency = n seats
        h = max(230.0, (n * SPACING + 2 * half_presidency) / (2 + 2 * 1.45))
        w = 1.45 * h
    else:  # a U deeper than wide: 2h + w - 2 * presidency
        h = max(230.0, (n * SPACING + 2 * half_presidency) / (2 + 0.9))
        w = 0.9 * h
    top, bottom, left, right = -h / 2, h / 2, -w / 2, w / 2
    # Each side: start, end, outward normal.
    sides = [((-half_presidency, top), (left, top), (0, -1)), ((left, top), (left, bottom), (-1, 0))]
    if layout == HOLLOW_SQUARE:
        sides.append(((left, bottom), (right, bottom), (0, 1)))
    sides += [((right, bottom), (right, top), (1, 0)), ((right, top), (half_presidency, top), (0, -1))]
    lengths = [math.dist(a, b) for a, b, _n in sides]
    groups, queue = [], iter(named)
    for (a, b, (nx, ny)), count in zip(sides, _share(lengths, len(named)), strict=True):
        for i in range(count):
            t = (i + 0.5) / count
            place, name = next(queue)
            groups.append(_group(place, name, a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, nx, ny, seats_behind))
    # The table: a stroke along the middle of its depth, inside the heads' seats.
    inset = TO_TABLE + TABLE / 2
    if layout == HOLLOW_SQUARE:
        table = ("rect", left + inset, top + inset, w - 2 * inset, h - 2 * inset)
    else:
        table = ("path", f"M {left + inset:.1f} {bottom:.1f} V {top + inset:.1f} H {right - inset:.1f} V {bottom:.1f}")
    presidency = ((-SPACING / 2, top), (SPACING / 2, top))
    return groups, {"table": table, "presidency": presidency, "presidency_label": (0, top - HEAD_R - 10),
                    "caption": (0, 0)}


def _round(named: list[tuple[Place, str]], seats_behind: int) -> tuple[list[SeatGroup], dict]:
    slots = len(named) + 2  # the presidency takes two
    r = max(170.0, slots * SPACING / (2 * math.pi))
    step = 2 * math.pi / slots
    groups = []
    for i, (place, name) in enumerate(named, start=1):
        angle = -math.pi / 2 - (i + 0.5) * step  # from the top, leftward on the plan
        nx, ny = math.cos(angle), math.sin(angle)
        groups.append(_group(place, name, r * nx, r * ny, nx, ny, seats_behind))
    presidency = tuple((round(r * math.cos(-math.pi / 2 + d * step / 2), 2), round(r * math.sin(-math.pi / 2 + d * step / 2), 2))
                       for d in (-1, 1))
    return groups, {"table": ("circle", 0, 0, r - TO_TABLE - TABLE / 2), "presidency": presidency,
                    "presidency_label": (0, -r - HEAD_R - 10), "caption": (0, 0)}


def _theatre(named: list[tuple[Place, str]], seats_behind: int) -> tuple[list[SeatGroup], dict]:
    per_side = max(1, min(THEATRE_COLUMNS, math.ceil(len(named) / 2)))
    label_height = 3 * 9 + 6
    band = label_height + HEAD_R * 2 + ROW * seats_behind + 12
    stage_bottom = 0.0
    groups = []
    for index, (place, name) in enumerate(named):
        row, turn = divmod(index, 2 * per_side)
        side = -1 if turn % 2 == 0 else 1  # the presidency's right (the plan's left) first
        x = side * (AISLE / 2 + COLUMN / 2 + (turn // 2) * COLUMN)
        y = stage_bottom + 40 + row * band + label_height + HEAD_R
        behind = tuple((round(x, 2), round(y + ROW * k, 2)) for k in range(1, seats_behind + 1))
        lines = wrap(name, 16, 3)
        label = Label(lines, round(x, 2), round(y - HEAD_R - 6, 2), 0, "middle", _fit(lines, COLUMN - 6, 8.5),
                      centred=False)
        groups.append(SeatGroup(place, (round(x, 2), round(y, 2)), behind, label))
    width = 2 * (AISLE / 2 + per_side * COLUMN)
    stage = ("stage", -width / 3, stage_bottom - 60, 2 * width / 3, 60)
    return groups, {"table": stage, "presidency": ((-SPACING / 2, stage_bottom - 25), (SPACING / 2, stage_bottom - 25)),
                    "presidency_label": (0, stage_bottom - 45), "caption": (0, stage_bottom - 75)}


def arrange(layout: str, named: list[tuple[Place, str]], seats_behind: int) -> Drawing:
    """The plan's geometry: ``named`` are the places in protocol order with the names to write."""
    if layout == ROUND_TABLE:
        groups, parts = _round(named, seats_behind)
    elif layout == THEATRE:
        groups, parts = _theatre(named, seats_behind)
    else:
        groups, parts = _around_table(layout, named, seats_behind)
    xs, ys = [], []
    for group in groups:
        for x, y in (group.head, *group.behind):
            xs += [x - HEAD_R, x + HEAD_R]
            ys += [y - HEAD_R, y + HEAD_R]
        label = group.label
        rad = math.radians(label.angle)
        sign = -1 if label.anchor == "end" else 1
        ends = [(label.x, label.y), (label.x + sign * math.cos(rad) * label.length, label.y + sign * math.sin(rad) * label.length)]
        if label.anchor == "middle":
            ends = [(label.x - label.length / 2, label.y), (label.x + label.length / 2, label.y)]
        for x, y in ends:
            xs.append(x)
            ys += [y - len(label.lines) * label.size, y + len(label.lines) * label.size]
    table = parts["table"]
    if table[0] in ("rect", "stage"):
        xs += [table[1], table[1] + table[3]]
        ys += [table[2], table[2] + table[4]]
    for x, y in parts["presidency"]:
        xs += [x - HEAD_R, x + HEAD_R]
        ys += [y - HEAD_R, y + HEAD_R]
    ys.append(parts["presidency_label"][1] - 14)
    if table[0] == "stage":
        ys.append(parts["caption"][1] - 14)
    x0, y0 = min(xs) - MARGIN, min(ys) - MARGIN
    view_box = (round(x0, 1), round(y0, 1), round(max(xs) + MARGIN - x0, 1), round(max(ys) + MARGIN - y0, 1))
    return Drawing(layout, view_box, table, parts["presidency"], parts["presidency_label"], groups, parts["caption"])


def seating_plan(meeting: Meeting) -> SeatingPlan:
    """The meeting's plan, or (until one is saved) the defaults, not added to the session."""
    plan = db.session.scalar(select(SeatingPlan).where(SeatingPlan.meeting_id == meeting.id))
    return plan if plan is not None else SeatingPlan(meeting_id=meeting.id, **DEFAULTS)


def drawing(plan: SeatingPlan, order: ProtocolList, lang: str) -> Drawing:
    """The plan filled in the order (``protocol_order(meeting)``), names in ``lang``."""
    named = [(place, _party_name(place, lang)) for place in order]
    return arrange(plan.layout, named, plan.seats_behind)


def _party_name(place: Place, lang: str) -> str:
    party = place.party
    return (party.name_ru or party.name_en) if lang == "ru" else party.name_en


@operation
def set_seating_plan(meeting: Meeting, *, layout: str, seats_behind: int | None, room_id: int | None, paper: str,
                     user) -> SeatingPlan:
    if layout not in SEATING_LAYOUTS:
        raise RuleError(_("Choose a value from the list."), "layout")
    if seats_behind is None or not 0 <= seats_behind <= MAX_SEATS_BEHIND:
        raise RuleError(_("Enter a whole number from 0 to %(max)d.", max=MAX_SEATS_BEHIND), "seats_behind")
    if room_id is not None:
        room = db.session.get(Room, room_id)
        if room is None or meeting.venue_id is None or room.venue_id != meeting.venue_id:
            raise RuleError(_("Choose a room of the meeting's venue."), "room_id")
    if paper not in SEATING_PAPERS:
        raise RuleError(_("Choose a value from the list."), "paper")
    plan = db.session.scalar(select(SeatingPlan).where(SeatingPlan.meeting_id == meeting.id))
    created = plan is None
    if plan is None:
        plan = SeatingPlan(meeting_id=meeting.id, **DEFAULTS)
        db.session.add(plan)
    wanted = {"layout": layout, "seats_behind": seats_behind, "room_id": room_id, "paper": paper}
    changes = {key: [getattr(plan, key), value] for key, value in wanted.items() if getattr(plan, key) != value}
    for key, value in wanted.items():
        setattr(plan, key, value)
    plan.updated_by_id = getattr(user, "id", None)
    db.session.flush()
    if changes or created:
        audit.record(user, "seating_plan", "changed", object_id=plan.id, meeting_id=meeting.id,
                     summary=f"Seating plan: {layout}, {seats_behind} behind each head, {paper}", changes=changes)
    return plan
