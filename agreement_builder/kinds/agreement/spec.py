"""The agreement spec as callers see it: its types, its layouts and ``load_spec``.

The types are defined in spectypes.py and the loading and checking in validate.py; this
module only gathers them. Inside the agreement kind, modules import from those two directly,
so that the modules between them (lock, context) never import their own importer.
"""

from agreement_builder.core.schema import STATUSES
from agreement_builder.kinds.agreement.spectypes import LAYOUTS, AgreementSpec, ClauseUse, Party, Priority
from agreement_builder.kinds.agreement.validate import load_spec, validate_spec

__all__ = ["LAYOUTS", "STATUSES", "AgreementSpec", "ClauseUse", "Party", "Priority", "load_spec", "validate_spec"]
