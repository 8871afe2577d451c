"""Human labels of the domain's fixed vocabularies, in the user's language.

One table per enum: members of different enums with the same value ("cancelled", "declined")
are equal as strings and hash alike, so a single dict keyed by members would give every
"cancelled" the label of whichever enum came last. Status words carry a context naming their
enum because Russian renders them differently (a cancelled meeting, registration, task or letter)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    DelegationLevel,
    DelegationReply,
    DocumentCategory,
    DocumentVersion,
    MeetingFormat,
    MeetingStatus,
    PartyKind,
    RegistrationRole,
    SeatingLayout,
    SpeakerKind,
    TaskStatus,
    TravelDirection,
    UserRole,
    VisaLetterStatus,
    Visibility,
)

LABELS = {
    PartyKind: {
        PartyKind.MEMBER_STATE: _l("Member State"),
        PartyKind.OBSERVER_STATE: _l("Observer State"),
        PartyKind.OBSERVER_ORGANISATION: _l("Observer organisation"),
        PartyKind.PARTNER_ORGANISATION: _l("Partner organisation"),
        PartyKind.SECRETARIAT: _l("Secretariat"),
    },
    MeetingFormat: {
        MeetingFormat.IN_PERSON: _l("In person"),
        MeetingFormat.ONLINE: _l("Online"),
        MeetingFormat.HYBRID: _l("Hybrid"),
    },
    MeetingStatus: {
        MeetingStatus.DRAFT: _lp("meeting status", "Draft"),
        MeetingStatus.PLANNED: _lp("meeting status", "Planned"),
        MeetingStatus.CONFIRMED: _lp("meeting status", "Confirmed"),
        MeetingStatus.POSTPONED: _lp("meeting status", "Postponed"),
        MeetingStatus.CANCELLED: _lp("meeting status", "Cancelled"),
        MeetingStatus.HELD: _lp("meeting status", "Held"),
    },
    Visibility: {
        Visibility.PUBLIC: _l("Public"),
        Visibility.MEMBERS: _l("Members only"),
        Visibility.RESTRICTED: _l("Restricted"),
    },
    AgendaItemKind: {
        AgendaItemKind.PLENARY: _l("Plenary"),
        AgendaItemKind.CLOSED_SESSION: _l("Closed session"),
        AgendaItemKind.WORKING_SESSION: _l("Working session"),
        AgendaItemKind.BILATERAL: _l("Bilateral"),
        AgendaItemKind.BREAK: _l("Break"),
        AgendaItemKind.RECEPTION: _l("Reception"),
        AgendaItemKind.PHOTO: _l("Photo session"),
        AgendaItemKind.OTHER: _lp("agenda item kind", "Other"),
    },
    RegistrationRole: {
        RegistrationRole.HEAD_OF_DELEGATION: _l("Head of delegation"),
        RegistrationRole.DELEGATE: _l("Delegate"),
        RegistrationRole.ADVISER: _l("Adviser"),
        RegistrationRole.OBSERVER: _l("Observer"),
        RegistrationRole.SECRETARIAT: _l("Secretariat"),
        RegistrationRole.INTERPRETER: _l("Interpreter"),
        RegistrationRole.PRESS: _l("Press"),
        RegistrationRole.GUEST: _l("Guest"),
    },
    AccreditationStatus: {
        AccreditationStatus.INVITED: _lp("registration status", "Invited"),
        AccreditationStatus.REGISTERED: _lp("registration status", "Registered"),
        AccreditationStatus.ACCREDITED: _lp("registration status", "Accredited"),
        AccreditationStatus.DECLINED: _lp("registration status", "Declined"),
        AccreditationStatus.CANCELLED: _lp("registration status", "Cancelled"),
        AccreditationStatus.ATTENDED: _lp("registration status", "Attended"),
    },
    DelegationReply: {
        DelegationReply.PENDING: _lp("delegation reply", "Reply pending"),
        DelegationReply.ACCEPTED: _lp("delegation reply", "Accepted"),
        DelegationReply.DECLINED: _lp("delegation reply", "Declined"),
    },
    DelegationLevel: {
        DelegationLevel.HEAD_OF_STATE: _l("Head of State"),
        DelegationLevel.HEAD_OF_GOVERNMENT: _l("Head of Government"),
        DelegationLevel.MINISTER: _l("Minister"),
        DelegationLevel.DEPUTY_MINISTER: _l("Deputy Minister"),
        DelegationLevel.AMBASSADOR: _l("Ambassador"),
        DelegationLevel.OTHER: _lp("delegation level", "Other"),
    },
    SeatingLayout: {
        SeatingLayout.HOLLOW_SQUARE: _l("Hollow square"),
        SeatingLayout.U_SHAPE: _l("U-shape"),
        SeatingLayout.ROUND_TABLE: _l("Round table"),
        SeatingLayout.THEATRE: _l("Theatre"),
    },
    SpeakerKind: {
        SpeakerKind.STATEMENT: _l("Statement"),
        SpeakerKind.RIGHT_OF_REPLY: _l("Right of reply"),
    },
    UserRole: {
        UserRole.ADMIN: _l("Administrator"),
        UserRole.ORGANIZER: _l("Organizer"),
        UserRole.STAFF: _l("Staff"),
        UserRole.FOCAL_POINT: _l("Focal point"),
        UserRole.DELEGATE: _l("Delegate"),
    },
    TaskStatus: {
        TaskStatus.OPEN: _lp("task status", "Open"),
        TaskStatus.IN_PROGRESS: _lp("task status", "In progress"),
        TaskStatus.DONE: _lp("task status", "Done"),
        TaskStatus.CANCELLED: _lp("task status", "Cancelled"),
    },
    TravelDirection: {
        TravelDirection.ARRIVAL: _l("Arrival"),
        TravelDirection.DEPARTURE: _l("Departure"),
    },
    VisaLetterStatus: {
        VisaLetterStatus.REQUESTED: _lp("visa letter", "Requested"),
        VisaLetterStatus.ISSUED: _lp("visa letter", "Issued"),
        VisaLetterStatus.SENT: _lp("visa letter", "Sent"),
        VisaLetterStatus.CANCELLED: _lp("visa letter", "Cancelled"),
    },
    DocumentCategory: {
        DocumentCategory.AGENDA: _lp("document category", "Agenda"),
        DocumentCategory.DECISION: _lp("document category", "Decision"),
        DocumentCategory.DECLARATION: _lp("document category", "Declaration"),
        DocumentCategory.CONCEPT_PAPER: _lp("document category", "Concept paper"),
        DocumentCategory.STATEMENT: _lp("document category", "Statement"),
        DocumentCategory.REPORT: _lp("document category", "Report"),
        DocumentCategory.INFORMATION: _lp("document category", "Information"),
    },
    DocumentVersion: {
        DocumentVersion.ORIGINAL: _lp("document version", "Original"),
        DocumentVersion.REVISION: _lp("document version", "Revision"),
        DocumentVersion.ADDENDUM: _lp("document version", "Addendum"),
        DocumentVersion.CORRIGENDUM: _lp("document version", "Corrigendum"),
    },
}


def label(value) -> str:
    """The label of a member of one of the enums above, looked up in its own enum's table;
    anything else is shown as it is."""
    table = LABELS.get(type(value), {})
    return str(table.get(value, value))


def choices(enum_class) -> list[tuple[str, str]]:
    """(value, label) pairs for a WTForms SelectField."""
    table = LABELS.get(enum_class, {})
    return [(member.value, table.get(member, member.value)) for member in enum_class]
