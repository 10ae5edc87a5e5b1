"""ioi-judge: an IOI-style judge for C++ and Python submissions."""

__version__ = "0.1.0"
