"""The decision's layouts by name: what the kind plug-in announces without loading the rest."""

DECISION_LAYOUTS = ("sequential", "nl", "es")
DESCRIPTIONS = {
    "sequential": "the Flemish council decision in Dutch, then the partner's draft act in Spanish",
    "nl": "the Flemish council decision in Dutch",
    "es": "the partner's draft act in Spanish",
}
