"""Many registrations at once: accredit or decline a selection, as one transaction.

Each row goes through the same workflow as a change of one (workflow.change_status: the same
transitions, badge numbers and audit entries); a row the workflow refuses is reported with the
reason and the others still change. The whole selection is committed together, or not at all
when anything but a refusal of the workflow goes wrong.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.extensions import db
from meetings.labels import label
from meetings.models import AccreditationStatus, Person, Registration
from meetings.participants.access import Access, require_manager
from meetings.participants.workflow import S, WorkflowError, change_status
from meetings.transaction import operation

# What a selection may be set to from the list: the two steps taken for many people at once.
BULK_STATUSES = (S.ACCREDITED, S.DECLINED)


@dataclass
class Refusal:
    registration: Registration
    reason: str


@dataclass
class BulkResult:
    changed: list[Registration] = field(default_factory=list)
    unchanged: list[Registration] = field(default_factory=list)  # already in the status asked for
    refused: list[Refusal] = field(default_factory=list)
    unknown: int = 0  # ids that are no registration of this meeting (another meeting's, deleted, made up)

    def report(self, status: AccreditationStatus) -> list[tuple[str, str]]:
        """What the change did, as (message, flash category): how many changed, and each row
        that could not with the reason (read in a request, in the user's language)."""
        done = len(self.changed)
        if status is S.ACCREDITED:
            message = ngettext("%(num)d participant accredited.", "%(num)d participants accredited.", done)
        else:
            message = ngettext("%(num)d participant declined.", "%(num)d participants declined.", done)
        lines = [(message, "success" if done else "warning")]
        if self.unchanged:
            lines.append((_("Already with the status %(status)s: %(num)d.", status=label(status),
                            num=len(self.unchanged)), "info"))
        if self.refused:
            rows = "; ".join(f"{r.registration.person.display_name} ({r.reason})" for r in self.refused)
            lines.append((_("Could not change (%(num)d): %(rows)s", num=len(self.refused), rows=rows), "error"))
        if self.unknown:
            lines.append((ngettext("%(num)d selected row is not in this list and was left out.",
                                   "%(num)d selected rows are not in this list and were left out.", self.unknown),
                          "warning"))
        return lines


def selected_registrations(access: Access, ids: list[int]) -> list[Registration]:
    """The registrations of this meeting among ``ids`` (one query), in the order given."""
    found = {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.meeting_id == access.meeting.id, Registration.id.in_(ids))
        .options(joinedload(Registration.person).joinedload(Person.party)))}
    return [found[i] for i in ids if i in found]


@operation
def change_statuses(access: Access, ids: list[int], new_status: AccreditationStatus) -> BulkResult:
    """Set the selected registrations to ``new_status`` (organizers only: NotAllowedError)."""
    require_manager(access)
    if new_status not in BULK_STATUSES:
        raise ValueError(f"not a status set in bulk: {new_status}")
    registrations = selected_registrations(access, ids)
    result = BulkResult(unknown=len(ids) - len(registrations))
    for registration in registrations:
        if registration.status is new_status:
            result.unchanged.append(registration)
            continue
        try:
            # change_status refuses before it changes anything, so a refused row leaves the
            # transaction as it was and the others go on.
            change_status(access, registration, new_status)
        except WorkflowError as refused:
            result.refused.append(Refusal(registration, str(refused)))
        else:
            result.changed.append(registration)
    return result
