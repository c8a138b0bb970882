"""facilitator: run a blameless post-mortem from the terminal."""

__version__ = "0.1.0"
