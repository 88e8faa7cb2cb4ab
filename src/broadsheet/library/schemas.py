"""Checking METS and ALTO documents against their XML schemas, offline and at a bounded cost.

The schemas come from a local folder (``BROADSHEET_XML_SCHEMAS`` or the importer's
``--schemas``): ``mets-mods.xsd`` (METS with the MODS inside it) or ``mets.xsd``, and
``alto-<major>-<minor>.xsd``. Without the folder, or without the schema a document needs,
nothing is checked. A document that is not valid but can be read is imported all the same; the
first error is reported. Each schema is compiled once per process; documents larger than
``MAX_BYTES`` are not checked. Pure (no Django).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

MAX_BYTES = 32 * 1024 * 1024
ALTO_SCHEMAS = {
    "": ("alto-1-4.xsd",),
    "http://www.loc.gov/standards/alto/ns-v2#": ("alto-2-1.xsd", "alto-2-0.xsd"),
    "http://www.loc.gov/standards/alto/ns-v3#": ("alto-3-1.xsd", "alto-3-0.xsd"),
    "http://www.loc.gov/standards/alto/ns-v4#": ("alto-4-4.xsd", "alto-4-2.xsd"),
}
METS_SCHEMAS = ("mets-mods.xsd", "mets.xsd")


@lru_cache(maxsize=16)
def _schema(path: str) -> etree.XMLSchema | None:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        return etree.XMLSchema(etree.parse(path, parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError):
        return None


def schema_for(root: etree._Element, folder: Path) -> Path | None:
    name = etree.QName(root).localname
    ns = etree.QName(root).namespace or ""
    if name == "mets" and ns == "http://www.loc.gov/METS/":
        candidates: tuple[str, ...] = METS_SCHEMAS
    elif name == "alto":
        candidates = ALTO_SCHEMAS.get(ns, ())
    else:
        candidates = ()
    for candidate in candidates:
        if (folder / candidate).is_file():
            return folder / candidate
    return None


def check(path: Path, tree: etree._ElementTree, folder: Path | None) -> str | None:
    """The first schema error of the parsed document at ``path``, or None (valid, or not
    checked)."""
    if folder is None or not folder.is_dir():
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
    except OSError:
        return None
    found = schema_for(tree.getroot(), folder)
    if found is None:
        return None
    schema = _schema(str(found))
    if schema is None or schema.validate(tree):
        return None
    errors = list(schema.error_log)
    if not errors:
        return f"not valid against {found.name}"
    return f"not valid against {found.name}: line {errors[0].line}: {errors[0].message}"
