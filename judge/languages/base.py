"""The language interface: a small declarative class per language.

A language says how to turn source files in a box into something runnable
(``compile_argv``), which files of the box to keep (``artifacts``) and how to
start the result (``run_argv``). It also owns what the rest of the judge must
know about it: its family and the spellings that name it (``aliases``), the
host compiler or interpreter (``compiler``), the file names of the grader-side
files a problem ships for it (``program_file``, ``is_header``), and how a trusted
program of the problem (checker, manager) written in it is compiled on the host
(``trusted_argv``). It knows nothing of caches, sandboxes or problems:
:class:`judge.languages.compiler.Compiler` does the rest for every language
alike. Adding a language is one module with one such class, listed in
:mod:`judge.languages.registry`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar, Literal

from pydantic import BaseModel

Family = Literal["cpp", "python"]


class SelfTest(BaseModel):
    """A program that reads ``input`` on stdin and must print ``output``."""

    source: str
    input: str = "3 4\n"
    output: str = "7\n"


class Language(ABC):
    """One language. Subclasses only declare class attributes and command lines.

    ``sources`` passed to the methods are file names in the box, grader/stub
    sources first and the submission last; ``sources[0]`` is the program's
    entry point where that matters (a Python grader)."""

    name: ClassVar[str]
    family: ClassVar[Family]
    # Lower-case spellings of this very language in code fences and datasets
    # (``c++17``), besides its name.
    aliases: ClassVar[frozenset[str]] = frozenset()
    # Lower-case spellings of the whole family (``cpp``, ``c++``, ``py``): they
    # name no version, so whoever has a preferred language of the family uses it.
    family_aliases: ClassVar[frozenset[str]] = frozenset()
    extensions: ClassVar[tuple[str, ...]]
    # Files a grader of this language includes rather than compiles (``task.h``).
    header_extensions: ClassVar[tuple[str, ...]] = ()
    compiler: ClassVar[str]  # host path of the compiler or interpreter
    self_test: ClassVar[SelfTest]
    # True: the artifact ``binary_name`` is an executable run directly;
    # False: the artifacts are copied into the run box and ``run_argv`` starts them.
    native: ClassVar[bool] = True
    binary_name: ClassVar[str] = "prog"

    def source_name(self) -> str:
        """File name of the submission in the box."""
        return "sol" + self.extensions[0]

    def program_file(self, stem: str) -> str:
        """The file name of a grader-side program of this language in a CMS
        package: ``grader``, ``stub``, ``manager`` or ``checker`` plus the
        language's first extension (``grader.cpp``, ``stub.py``)."""
        return stem + self.extensions[0]

    def is_header(self, name: str) -> bool:
        """Whether a grader-side file is a header of this language."""
        return name.endswith(self.header_extensions)

    def pch_flags(self) -> list[str] | None:
        """Flags a precompiled ``bits/stdc++.h`` must be built with; None: no PCH."""
        return None

    def trusted_argv(
        self, source: str, output: str, include_dirs: Sequence[str]
    ) -> list[str] | None:
        """Host command compiling a trusted program (the problem's checker or
        manager) from ``source`` to the executable ``output``; None if trusted
        programs cannot be written in this language."""
        return None

    @property
    def compiles_trusted(self) -> bool:
        """Whether the problem's own programs may be written in this language."""
        return self.trusted_argv("source", "output", []) is not None

    def add_includes(self, code: str, headers: Sequence[str]) -> str:
        """open-r1's ``add_includes``: ``code`` with the includes a model tends to
        forget (the task's ``headers``, by file name) put first. Unchanged for a
        language that has nothing to include."""
        return code

    @abstractmethod
    def toolchain_argv(self) -> list[str]:
        """Host command whose output identifies the compiler/interpreter version."""

    @abstractmethod
    def compile_argv(self, sources: list[str], pch_dir: str | None = None) -> list[str]:
        """Compile command run in the box; ``pch_dir`` is a directory (as seen in
        the box) holding ``bits/stdc++.h.gch`` built with :attr:`pch_flags`."""

    def object_argv(self, source: str, output: str, pch_dir: str | None = None) -> list[str] | None:
        """Command compiling one grader source to an object file that
        ``compile_argv`` accepts in its place (linking it gives the same
        program); None if the language has no separate compilation."""
        return None

    @abstractmethod
    def artifacts(self, sources: list[str], files: list[str]) -> list[str]:
        """Files of the box that make up the compiled program; ``files`` are
        all the files put there (sources, headers, modules)."""

    @abstractmethod
    def run_argv(self, sources: list[str]) -> list[str]:
        """Command that starts the program, as seen in the run box."""

    def __repr__(self) -> str:
        return f"<Language {self.name}>"
