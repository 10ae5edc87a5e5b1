"""What the client tests' ``service`` fixture yields (a module of its own:
test modules cannot import it from ``conftest``, a name every test folder uses)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Service:
    url: str
    token: str
