"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""


def hotels(t, soc: int) -> None:
    """Accommodation: TODO(#14)."""


def travel(t, soc: int) -> None:
    """Arrivals and departures: TODO(#14)."""


def interpretation(t, soc: int) -> None:
    """Interpretation: TODO(#14)."""


def visas(t, soc: int) -> None:
    """Visa support letters: TODO(#14)."""


def tasks(t, soc: int) -> None:
    """Tasks: TODO(#14)."""


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: TODO(#14)."""
