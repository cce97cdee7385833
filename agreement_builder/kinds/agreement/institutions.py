"""The institution data, as the agreement kind names it.

The loader lives in core/institutions.py because the report kind reads the same data (the
partner's legal basis for its informe final) and one kind never imports another; this module
keeps the agreement's imports as they were.
"""

from agreement_builder.core.institutions import (
    DEFAULT_KIND,
    ENTRY,
    INSTITUTIONS_FILE,
    SCHEMA,
    Institution,
    Institutions,
    laws_text,
    load_institutions,
)

__all__ = [
    "DEFAULT_KIND",
    "ENTRY",
    "INSTITUTIONS_FILE",
    "SCHEMA",
    "Institution",
    "Institutions",
    "laws_text",
    "load_institutions",
]
