"""``make xliff`` / ``make xliff-import``: the page pairs in and out of CAT tools.

XLIFF 1.2 (why 1.2: docs/README.md, "Translating in a CAT tool").  markup cuts
a block's Markdown into text and protected codes and joins it back; units
turns a page pair into aligned units with their review state; export writes
one XLIFF file per page pair and the glossary (XLIFF and a TBX termbase);
merge reads a translator's file back into docs/<translation>/; schema checks
a file against the OASIS XLIFF 1.2 schema (schema/, vendored).
"""
