"""agreement-builder: bilingual (Dutch/Spanish) city-link agreements from YAML clauses.

The public API lives in :mod:`agreement_builder.api`; this module stays import-light so
``--help`` and ``check`` start fast.
"""

__version__ = "0.1.0"
