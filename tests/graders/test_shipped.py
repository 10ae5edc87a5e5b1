"""Finding the shipped sources (``graders/``) from a checkout and from an install,
and the wheel's package list, which names every package (graders/ installs as
``judge.graders``, a mapping package discovery cannot make)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

import judge
from judge import shipped

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE = "judge.graders"


def test_checkout_sources() -> None:
    assert shipped.source("launcher/launcher.c") == REPOSITORY / "graders/launcher/launcher.c"
    assert shipped.source("checkers/white_diff.cpp").read_text().startswith("// CMS white-diff")


def test_installed_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a wheel lays it out: no graders/ beside judge/, judge/graders/ instead."""
    installed = tmp_path / "site-packages" / "judge" / "graders"
    (installed / "checkers").mkdir(parents=True)
    (installed / "__init__.py").write_text("")
    (installed / "checkers" / "white_diff.cpp").write_text("// installed\n")
    monkeypatch.setattr(shipped, "CHECKOUT", tmp_path / "site-packages" / "graders")
    monkeypatch.setattr(judge, "__path__", [*judge.__path__, str(installed.parent)])
    monkeypatch.delitem(sys.modules, PACKAGE, raising=False)  # an editable install imported it
    try:
        found = shipped.source("checkers/white_diff.cpp")
        with pytest.raises(shipped.ShippedSourceMissing):
            shipped.source("checkers/none.cpp")
    finally:
        sys.modules.pop(PACKAGE, None)
    assert found == installed / "checkers" / "white_diff.cpp"


@pytest.mark.parametrize("rel", ["", "/etc/passwd", "../judge/__init__.py", "a/../../x"])
def test_only_paths_inside(rel: str) -> None:
    with pytest.raises(ValueError):
        shipped.source(rel)


def test_wheel_lists_every_package() -> None:
    setup = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {
        ".".join(init.parent.relative_to(REPOSITORY).parts)
        for init in (REPOSITORY / "judge").rglob("__init__.py")
    }
    assert set(setup["packages"]) == packages | {"judge.graders"}
    assert setup["package-dir"] == {"judge.graders": "graders"}
    assert (REPOSITORY / "graders" / "__init__.py").is_file()
