"""exhaust: a strength-training planner and logbook that makes exercise order a tool."""

__version__ = "0.1.0"

__all__ = ["__version__"]
