"""The console's files as the API serves them: where, with which headers, and
nothing in them that would be fetched from elsewhere."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from service_helpers import ApiServer

from judge.api.console_files import FILES

CHECKOUT = Path(__file__).resolve().parents[2]
# A URL with a host, or a protocol-relative one, in markup, a script or a stylesheet.
EXTERNAL = re.compile(r"""(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*['"]?https?:""", re.I)
# Names, not addresses: nothing is fetched from them.
NAMESPACES = ("http://www.w3.org/2000/svg",)


def console_files() -> list[Path]:
    return sorted(p for p in FILES.rglob("*") if p.is_file())


def test_console_is_served_with_its_policy(api: ApiServer) -> None:
    with api.client(None) as client:
        root = client.get("/console", follow_redirects=False)
        assert root.status_code == 307 and root.headers["location"] == "console/"
        page = client.get("/console/")
        assert page.status_code == 200 and 'src="app.js"' in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        script = client.get("/console/pages/problem.js")
        assert script.status_code == 200
        assert script.headers["content-type"].split(";")[0] in {"text/javascript",
                                                                 "application/javascript"}
        assert client.get("/console/../settings.py").status_code == 404


def test_every_module_the_pages_import_is_there() -> None:
    for path in console_files():
        if path.suffix == ".js":
            for target in re.findall(r'from "(\.[^"]+)"', path.read_text()):
                assert (path.parent / target).resolve().is_file(), (path, target)


def test_nothing_is_fetched_from_elsewhere() -> None:
    for path in console_files():
        text = path.read_text()
        for name in NAMESPACES:
            text = text.replace(name, "")
        found = EXTERNAL.search(text)
        assert found is None, f"{path.name}: {found and found.group(0)}"


def test_the_wheel_ships_every_console_file() -> None:
    setup = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = setup["package-data"]["judge.api"]
    base = FILES.parent
    for path in console_files():
        relative = path.relative_to(base).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
