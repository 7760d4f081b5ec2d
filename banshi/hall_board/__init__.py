"""``banshi hall display``: the hall's display board (Qt). Imports only the core and ``banshi.ui``."""
