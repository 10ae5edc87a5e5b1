"""Languages and compilation: one small class per language, one registry, the
compile cache and precompiled headers (see docs/architecture.md)."""

from judge.languages.base import Language, SelfTest
from judge.languages.compiler import CompiledProgram, Compiler, NotCompiled
from judge.languages.executable import Executable
from judge.languages.registry import LANGUAGES, UnknownLanguage, get_language
from judge.languages.trusted import TrustedCompileError

__all__ = [
    "LANGUAGES",
    "CompiledProgram",
    "Compiler",
    "Executable",
    "Language",
    "NotCompiled",
    "SelfTest",
    "TrustedCompileError",
    "UnknownLanguage",
    "get_language",
]
