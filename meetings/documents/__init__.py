"""The documents archive: a meeting's documents, their versions and language files, circulation,
the silence procedure and the archive search (DESIGN.md, area `documents`)."""
