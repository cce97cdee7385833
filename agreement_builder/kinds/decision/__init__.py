"""The council's approval decision: the Flemish gemeenteraadsbesluit and the partner's counterpart."""
