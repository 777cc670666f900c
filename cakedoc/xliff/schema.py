"""Check an XLIFF file against the OASIS XLIFF 1.2 strict schema, offline.

In: the bytes of an XLIFF file.  Out: the schema's complaints, as
``line: message`` strings (none: valid).  The schema is vendored in schema/:
xliff-core-1.2-strict.xsd (OASIS XLIFF 1.2, as published but for a blank first
line that put its XML declaration out of place) and xml.xsd (the xml:lang and
xml:space it imports); lxml's resolver maps the schema's W3C URL to the
local copy, so nothing is fetched.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

FOLDER = Path(__file__).parent / "schema"
XML_XSD = "http://www.w3.org/2001/xml.xsd"


class LocalXmlSchema(etree.Resolver):
    def resolve(self, url, public_id, context):  # noqa: ANN001, ANN201  (lxml's signature)
        if url == XML_XSD:
            return self.resolve_filename(str(FOLDER / "xml.xsd"), context)
        return None


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalXmlSchema())
    document = etree.parse(str(FOLDER / "xliff-core-1.2-strict.xsd"), parser)
    return etree.XMLSchema(document)


def problems(data: bytes) -> list[str]:
    checker = schema()
    document = etree.fromstring(data, etree.XMLParser(no_network=True)).getroottree()
    if checker.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in checker.error_log]
