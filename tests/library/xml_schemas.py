"""Validation of exported METS and ALTO against the official schemas, offline.

The schemas are in ../shared/real/schemas (their imports rewritten to local files, see its
SOURCES.md); tests that need them skip when that folder is absent. Nothing from it is copied
into the project.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "real" / "schemas"
needs_schemas = pytest.mark.skipif(
    not (SCHEMAS / "alto-4-4.xsd").is_file(), reason="../shared/real/schemas is absent"
)


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    # Parsed without network access: every import points at a file beside the schema.
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def assert_valid(document: bytes | Path, schema_name: str) -> etree._ElementTree:
    """Parse and validate; fail with the validator's own messages."""
    data = document.read_bytes() if isinstance(document, Path) else document
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(no_network=True)))
    checker = schema(schema_name)
    if not checker.validate(tree):
        errors = "\n".join(str(e) for e in list(checker.error_log)[:10])
        raise AssertionError(f"not valid against {schema_name}:\n{errors}")
    return tree


def assert_valid_alto(document: bytes | Path) -> etree._ElementTree:
    return assert_valid(document, "alto-4-4.xsd")


def assert_valid_mets(document: bytes | Path) -> etree._ElementTree:
    """METS 1.12 itself, then METS 1.12.1 with MODS 3.6 (mets-mods.xsd checks the MODS inside
    xmlData, which the METS schema alone lets through as lax content)."""
    assert_valid(document, "mets-1-12.xsd")
    return assert_valid(document, "mets-mods.xsd")
