"""Human labels of the domain's fixed vocabularies, in the user's language."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    DelegationLevel,
    DelegationReply,
    MeetingFormat,
    MeetingStatus,
    PartyKind,
    RegistrationRole,
    TaskStatus,
    TravelDirection,
    UserRole,
    VisaLetterStatus,
    Visibility,
)

LABELS = {
    PartyKind.MEMBER_STATE: _l("Member State"),
    PartyKind.OBSERVER_STATE: _l("Observer State"),
    PartyKind.OBSERVER_ORGANISATION: _l("Observer organisation"),
    PartyKind.PARTNER_ORGANISATION: _l("Partner organisation"),
    PartyKind.SECRETARIAT: _l("Secretariat"),
    MeetingFormat.IN_PERSON: _l("In person"),
    MeetingFormat.ONLINE: _l("Online"),
    MeetingFormat.HYBRID: _l("Hybrid"),
    MeetingStatus.DRAFT: _l("Draft"),
    MeetingStatus.PLANNED: _l("Planned"),
    MeetingStatus.CONFIRMED: _l("Confirmed"),
    MeetingStatus.POSTPONED: _l("Postponed"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
    MeetingStatus.HELD: _l("Held"),
    Visibility.PUBLIC: _l("Public"),
    Visibility.MEMBERS: _l("Members only"),
    Visibility.RESTRICTED: _l("Restricted"),
    AgendaItemKind.PLENARY: _l("Plenary"),
    AgendaItemKind.CLOSED_SESSION: _l("Closed session"),
    AgendaItemKind.WORKING_SESSION: _l("Working session"),
    AgendaItemKind.BILATERAL: _l("Bilateral"),
    AgendaItemKind.BREAK: _l("Break"),
    AgendaItemKind.RECEPTION: _l("Reception"),
    AgendaItemKind.PHOTO: _l("Photo session"),
    AgendaItemKind.OTHER: _l("Other"),
    RegistrationRole.HEAD_OF_DELEGATION: _l("Head of delegation"),
    RegistrationRole.DELEGATE: _l("Delegate"),
    RegistrationRole.ADVISER: _l("Adviser"),
    RegistrationRole.OBSERVER: _l("Observer"),
    RegistrationRole.SECRETARIAT: _l("Secretariat"),
    RegistrationRole.INTERPRETER: _l("Interpreter"),
    RegistrationRole.PRESS: _l("Press"),
    RegistrationRole.GUEST: _l("Guest"),
    AccreditationStatus.INVITED: _l("Invited"),
    AccreditationStatus.REGISTERED: _l("Registered"),
    AccreditationStatus.ACCREDITED: _l("Accredited"),
    AccreditationStatus.DECLINED: _l("Declined"),
    AccreditationStatus.CANCELLED: _l("Cancelled"),
    AccreditationStatus.ATTENDED: _l("Attended"),
    DelegationReply.PENDING: _l("Reply pending"),
    DelegationReply.ACCEPTED: _l("Accepted"),
    DelegationReply.DECLINED: _l("Declined"),
    DelegationLevel.HEAD_OF_STATE: _l("Head of State"),
    DelegationLevel.HEAD_OF_GOVERNMENT: _l("Head of Government"),
    DelegationLevel.MINISTER: _l("Minister"),
    DelegationLevel.DEPUTY_MINISTER: _l("Deputy Minister"),
    DelegationLevel.AMBASSADOR: _l("Ambassador"),
    DelegationLevel.OTHER: _lp("delegation level", "Other"),
    UserRole.ADMIN: _l("Administrator"),
    UserRole.ORGANIZER: _l("Organizer"),
    UserRole.STAFF: _l("Staff"),
    UserRole.FOCAL_POINT: _l("Focal point"),
    UserRole.DELEGATE: _l("Delegate"),
    TaskStatus.OPEN: _l("Open"),
    TaskStatus.IN_PROGRESS: _l("In progress"),
    TaskStatus.DONE: _l("Done"),
    TaskStatus.CANCELLED: _l("Cancelled"),
    TravelDirection.ARRIVAL: _l("Arrival"),
    TravelDirection.DEPARTURE: _l("Departure"),
    VisaLetterStatus.REQUESTED: _lp("visa letter", "Requested"),
    VisaLetterStatus.ISSUED: _lp("visa letter", "Issued"),
    VisaLetterStatus.SENT: _lp("visa letter", "Sent"),
    VisaLetterStatus.CANCELLED: _lp("visa letter", "Cancelled"),
}


def label(value) -> str:
    return str(LABELS.get(value, value))


def choices(enum_class) -> list[tuple[str, str]]:
    """(value, label) pairs for a WTForms SelectField."""
    return [(member.value, LABELS.get(member, member.value)) for member in enum_class]
