"""JSON Schemas for agreement specs and clause files, so editors can complete and check keys.

The schemas are generated from the same declarative fields that validate the files (``SPEC`` in
validate.py, ``CLAUSE_SCHEMA`` in clause.py), never written by hand: a key added there appears in
the schema the next time ``agreement-builder schema`` runs. The validator stays the authority:
it also checks what a schema cannot express (clause ids against the library, variable values
against their clause), so a file that the schema accepts can still fail ``check``.

The descriptions below are the help text an editor shows on hover. They are kept here, by key
path, rather than on the fields, so that a key path that no longer exists is simply skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agreement_builder.kinds.agreement.spec import TOC_MIN_ARTICLES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
AGREEMENT_FILE = "agreement.schema.json"
CLAUSE_FILE = "clause.schema.json"

_TEXT = "Dutch (nl) and Spanish (es) text."

SPEC_DOCS = {
    "title": "Title on the first page. Default: Samenwerkingsovereenkomst / Convenio de cooperación.",
    "date": "Date of the agreement, YYYY-MM-DD; printed per language (27 november 2026 / 27 de noviembre de 2026).",
    "status": "draft prints CONCEPT / BORRADOR on every page; final is the version to sign.",
    "layout": "side-by-side (Dutch left, Spanish right), sequential (all Dutch, then all Spanish), nl or es.",
    "toc": f"true: a table of contents after the title; false: none. Default: one from {TOC_MIN_ARTICLES} articles on.",
    "parties": "Exactly two parties: the Flemish municipality first, then the partner town.",
    "parties[].id": "Lowercase words joined by dashes, e.g. brasschaat; clause values of type party use it.",
    "parties[].name": "Full official name, e.g. {nl: Gemeente Brasschaat, es: Municipio de Brasschaat}.",
    "parties[].short_name": "Name used in the running text, e.g. Brasschaat.",
    "parties[].country": "ISO 3166 country code; the partner's code picks the Spanish locale (es-BO, es-GT, es-PE…).",
    "parties[].representative": "Full name of the person who signs for the party.",
    "parties[].function": "Function of the representative, e.g. {nl: burgemeester, es: alcaldesa}.",
    "parties[].signing_place": "Place printed above the party's signature.",
    "parties[].expectations": "What this party expects from the link, said out loud; one item per expectation.",
    "parties[].contributions": "What this party brings to the link: knowledge, staff, network, budget…",
    "priorities": "Shared priorities of the link, each tied to one or more SDGs.",
    "priorities[].id": "Lowercase words joined by dashes, e.g. water.",
    "priorities[].title": "Title of the priority. " + _TEXT,
    "priorities[].description": "Optional explanation of the priority. " + _TEXT,
    "priorities[].sdgs": "SDG numbers (1–17) this priority contributes to.",
    "clauses": "The articles, in order; numbered automatically. 'agreement-builder clauses list' shows them.",
    "clauses[].id": "Clause id from the library, e.g. exit-edegem.",
    "clauses[].values": "Values for the clause's variables; 'agreement-builder clauses show ID' lists them.",
}

CLAUSE_DOCS = {
    "id": "Clause id, lowercase words joined by dashes; must equal the file name without .yaml.",
    "category": "Category folder of the clause, lowercase words joined by dashes, e.g. final.",
    "version": "Version of the clause text, e.g. 1.0.0; raise it when the text changes.",
    "title": "Article title. " + _TEXT,
    "variables": "Typed placeholders the text uses as {{ name }}; a spec fills them under values:.",
    "variables[].name": "Variable name, lowercase_snake_case.",
    "variables[].type": "Type of the value a spec gives.",
    "variables[].required": "true when every spec must give a value; otherwise give a default.",
    "variables[].default": "Value used when the spec gives none; of the variable's type.",
    "variables[].description": "What the value means, shown to the person filling it in. " + _TEXT,
    "variables[].minimum": "Smallest allowed value (integer variables only).",
    "variables[].maximum": "Largest allowed value (integer variables only).",
    "insert": "Have the priority list or the signature blocks placed after the text.",
    "requires": "Spec data the text lists; check reports a spec that leaves it empty.",
    "text": "The article text in a small Markdown subset, with Jinja placeholders. " + _TEXT,
}


def _node(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The sub-schema at a path like ``parties[].name``, looking through anyOf branches."""
    node: dict[str, Any] | None = schema
    for part in path.split("."):
        items = part.endswith("[]")
        name = part.removesuffix("[]")
        node = _property(node, name) if node is not None else None
        if node is not None and items:
            node = node.get("items")
    return node


def _property(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    for branch in [node, *node.get("anyOf", [])]:
        if name in branch.get("properties", {}):
            return branch["properties"][name]
    return None


def _describe(schema: dict[str, Any], docs: dict[str, str]) -> dict[str, Any]:
    for path, text in docs.items():
        node = _node(schema, path)
        if node is not None:
            node["description"] = text
    return schema


def agreement_schema() -> dict[str, Any]:
    """JSON Schema of an agreement spec (examples/*/agreement.yaml)."""
    from agreement_builder.kinds.agreement.validate import SPEC

    body = _describe(SPEC.json_schema(), SPEC_DOCS)
    return {
        "$schema": DRAFT,
        "title": "agreement-builder agreement spec",
        "description": "A bilingual city-link cooperation agreement. Check it with 'agreement-builder check FILE'.",
        **body,
    }


def clause_schema() -> dict[str, Any]:
    """JSON Schema of one clause file (clauses/<category>/<id>.yaml)."""
    from agreement_builder.kinds.agreement.clause import CLAUSE_SCHEMA

    body = _describe(CLAUSE_SCHEMA.json_schema(), CLAUSE_DOCS)
    return {
        "$schema": DRAFT,
        "title": "agreement-builder clause",
        "description": "One bilingual article of a clause library. 'agreement-builder clauses list' checks them.",
        **body,
    }


def schema_files() -> dict[str, str]:
    """File name -> text of each schema, exactly as ``agreement-builder schema`` writes it."""
    return {
        AGREEMENT_FILE: json.dumps(agreement_schema(), ensure_ascii=False, indent=2) + "\n",
        CLAUSE_FILE: json.dumps(clause_schema(), ensure_ascii=False, indent=2) + "\n",
    }


def write_schemas(outdir: Path) -> list[Path]:
    """Write both schemas into ``outdir`` (created if missing); all or nothing."""
    from agreement_builder.core.output import write_all_atomic

    files = [(Path(outdir) / name, text.encode("utf-8")) for name, text in schema_files().items()]
    write_all_atomic(files)
    return [path for path, _ in files]


def modeline(schema_path: str) -> str:
    """The first line that points the YAML language server (VS Code, Neovim…) at a schema."""
    return f"# yaml-language-server: $schema={schema_path}"
