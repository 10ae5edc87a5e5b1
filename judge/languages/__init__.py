"""Languages and compilation: one small class per language, one registry, the
compile cache and precompiled headers (figures in docs/benchmarks.md, "Compile").

Use::

    lang = get_language("cpp17")                 # UnknownLanguage (a KeyError) if unknown
    compiler = Compiler(settings, sandbox)       # one per process; the sandbox must be
                                                 # built with Compiler.sandbox_mounts(settings)
    program = compiler.compile(lang, source, {"grader.cpp": b"...", "task.h": b"..."},
                               ["grader.cpp"])
    program.info                                 # CompileInfo: OK/CE/SE, message, time, cached
    with sandbox.box() as box:
        box.run(program.executable.run_spec(box, args=[], limits=limits, stdin=..., stdout=...))
    checker = compiler.compile_trusted(stored_problem, problem.checker)   # host path
    find_language("C++").family                  # "cpp": names, aliases, family names
    language_for_file("sol.py").name             # "python3"

Everything the judge knows of a language is on its class: family, aliases,
compiler path, grader-side file names, how trusted programs are compiled;
other modules ask the registry and never spell a family or a compiler path.

Adding a language: a module with a small :class:`Language` subclass (name, family,
aliases, extensions, compiler, self-test program, compile/run command lines; see
``cpp17.py`` and ``python3.py``) and one line in :mod:`judge.languages.registry`.
"""

from judge.languages.base import Family, Language, SelfTest
from judge.languages.compiler import CompiledProgram, Compiler, NotCompiled
from judge.languages.executable import Executable
from judge.languages.registry import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    UnknownLanguage,
    family_of,
    find_language,
    get_language,
    language_for_file,
)
from judge.languages.trusted import TrustedCompileError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "CompiledProgram",
    "Compiler",
    "Executable",
    "Family",
    "Language",
    "NotCompiled",
    "SelfTest",
    "TrustedCompileError",
    "UnknownLanguage",
    "family_of",
    "find_language",
    "get_language",
    "language_for_file",
]
