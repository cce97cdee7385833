"""The agreement's layouts by name: what the kind plug-in announces without loading the rest.

Kept apart from spec.py so that finding a spec's kind (and listing the kinds) does not
import the clause machinery behind the spec's types.
"""

LAYOUTS = ("side-by-side", "sequential", "nl", "es")
DESCRIPTIONS = {
    "side-by-side": "Dutch and Spanish side by side, article by article",
    "sequential": "the whole Dutch text, then the whole Spanish text",
    "nl": "the Dutch text only",
    "es": "the Spanish text only",
}
