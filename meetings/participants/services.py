"""Participants' services, in one namespace for the views, the import and the tests.

Each rule lives in its own module; this one holds no logic:
- access.py: who sees and changes which participants, and the registration deadline;
- workflow.py: the accreditation statuses and badge numbers;
- registrations.py: registering people and editing registrations;
- delegations.py: invited parties, their replies and heads of delegation;
- people.py: people's data, search and duplicates; parties.py: the registry of parties;
- listing.py: the list of participants; bulk.py: changes of many registrations at once.

Services raise meetings.domain exceptions and are operations (meetings.transaction): the
outermost one commits, so an import of many rows is one transaction.
"""

from meetings.participants.access import (
    Access,
    RegistrationClosedError,
    get_registration,
    participants_access,
    registration_deadline,
    registration_open,
    require_editable,
    require_manager,
)
from meetings.participants.bulk import BULK_STATUSES, BulkResult, Refusal, change_statuses, selected_registrations
from meetings.participants.delegations import (
    DelegationRow,
    DelegationTable,
    delegation_for,
    delegation_table,
    get_delegation,
    invite_member_states,
    invite_parties,
    meeting_delegations,
    sync_head,
    uninvited_parties,
    update_delegation,
)
from meetings.participants.inputs import KEEP, PartyInput, PersonInput, RegistrationInput
from meetings.participants.listing import ROLE_ORDER, ParticipantList, participant_list
from meetings.participants.parties import PARTY_FIELDS, get_party, list_parties, sort_parties, update_party
from meetings.participants.people import (
    PERSON_FIELDS,
    PRIVATE_FIELDS,
    SEARCH_LIMIT,
    duplicate_groups,
    find_person,
    get_person,
    normalised_name,
    person_registrations,
    search_people,
    update_person,
)
from meetings.participants.registrations import (
    FOCAL_POINT_ROLES,
    candidates,
    known_person,
    register,
    registration_of,
    update_registration,
)
from meetings.participants.workflow import (
    ACTIVE,
    FOCAL_POINT_SOURCES,
    FOCAL_POINT_TARGETS,
    TRANSITIONS,
    WorkflowError,
    allowed_transitions,
    change_status,
)

__all__ = [
    "ACTIVE", "BULK_STATUSES", "FOCAL_POINT_ROLES", "FOCAL_POINT_SOURCES", "FOCAL_POINT_TARGETS", "PARTY_FIELDS", "PERSON_FIELDS",
    "PRIVATE_FIELDS",
    "ROLE_ORDER", "SEARCH_LIMIT", "TRANSITIONS",
    "KEEP", "Access", "BulkResult", "DelegationRow", "DelegationTable", "ParticipantList", "PartyInput", "PersonInput", "RegistrationClosedError", "RegistrationInput",
    "Refusal", "WorkflowError",
    "allowed_transitions", "candidates", "change_status", "change_statuses", "delegation_for", "delegation_table", "duplicate_groups", "find_person",
    "get_delegation", "get_party", "get_person", "get_registration", "invite_member_states", "invite_parties",
    "known_person", "list_parties", "meeting_delegations", "normalised_name", "participant_list",
    "participants_access", "person_registrations", "register", "registration_deadline", "registration_of",
    "registration_open", "require_editable", "require_manager", "search_people", "selected_registrations", "sort_parties", "sync_head",
    "uninvited_parties", "update_delegation", "update_party", "update_person", "update_registration",
]
