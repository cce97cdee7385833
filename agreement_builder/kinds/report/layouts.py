"""The report's layouts by name: what the kind plug-in announces without loading the rest.

Kept apart from spec.py so that finding a spec's kind (and listing the kinds) does not
import the report's validation.
"""

REPORT_LAYOUTS = ("sequential", "nl", "es")
DESCRIPTIONS = {
    "sequential": "the council report in Dutch, then the informe final in Spanish",
    "nl": "the council report in Dutch",
    "es": "the informe final in Spanish",
}
