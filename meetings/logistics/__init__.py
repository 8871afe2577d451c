"""Logistics of a meeting, for the Secretariat: where everyone sleeps, arrives and leaves, which
languages each session needs and who interprets, visa support letters, and the task checklist.

One blueprint (blueprint.py) for the whole area; each part is a package with its services (the
rules), forms and views: hotels (accommodation), travel (arrivals and departures, drivers'
schedule), interpretation (languages, interpreters, booths, room capacity), visas (support
letters), tasks (checklists and their templates). access.py says who may see what; dashboard.py
gathers each part's counts and what needs attention today.
"""
