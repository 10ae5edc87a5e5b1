"""Problem importers: IOI/CMS archives, open-r1 dataset rows, the plain directory
format. Each imports a whole, valid problem or changes nothing and raises
:class:`ImportFailed` with a one-line message. See ``docs/problem-formats.md``."""

from judge.importers.discover import find_packages, infer_year_day
from judge.importers.errors import ImportFailed
from judge.importers.openr1 import import_openr1
from judge.importers.package import import_problem

__all__ = ["ImportFailed", "find_packages", "import_openr1", "import_problem", "infer_year_day"]
