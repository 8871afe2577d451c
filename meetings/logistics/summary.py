"""What each part of the logistics shows on the dashboard: ``summary(meeting, now) -> Section`` in
each part's services module, made with a constant number of queries however many participants
the meeting has (the dashboard's query count must not grow with them)."""

from dataclasses import dataclass, field


@dataclass
class Count:
    label: str
    value: int | str


@dataclass
class Attention:
    """Something to act on today: what (a text with the count, from ngettext, so that Russian
    says «3 задачи», «5 задач»), how many, where to act, and the first few of them by name."""

    label: str
    count: int
    url: str
    examples: list[str] = field(default_factory=list)
    level: str = "warning"  # "warning" (act today) or "info" (coming)


@dataclass
class Section:
    title: str
    url: str
    counts: list[Count] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)
