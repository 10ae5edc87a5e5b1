import pytest

from judge.languages import LANGUAGES, UnknownLanguage, family_of, find_language, get_language
from judge.languages.registry import (
    family_languages,
    family_spellings,
    language_for_file,
    trusted_language,
)


def test_registered_languages() -> None:
    assert set(LANGUAGES) >= {"cpp17", "cpp20", "python3"}
    assert get_language("cpp17").family == "cpp"
    assert get_language("python3").family == "python"


def test_unknown_language_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError) as err:
        get_language("cobol")
    assert isinstance(err.value, UnknownLanguage)
    assert "cobol" in str(err.value) and "cpp17" in str(err.value)


def test_cpp_compile_line_is_the_ioi_one() -> None:
    argv = get_language("cpp17").compile_argv(["grader.cpp", "sol.cpp"])
    assert argv == [
        "/usr/bin/g++", "-DEVAL", "-std=gnu++17", "-O2", "-pipe", "-static", "-s",
        "-o", "prog", "grader.cpp", "sol.cpp",
    ]  # fmt: skip
    assert "-std=gnu++20" in get_language("cpp20").compile_argv(["sol.cpp"])


def test_cpp_pch_goes_first_and_matches_the_flags() -> None:
    lang = get_language("cpp20")
    argv = lang.compile_argv(["sol.cpp"], pch_dir="/pch/abc")
    assert argv[1] == "-I/pch/abc"
    flags = lang.pch_flags()
    assert flags is not None and all(f in argv for f in flags)
    assert "-static" not in flags and "-s" not in flags


def test_python_byte_compiles_and_runs_the_entry_point() -> None:
    lang = get_language("python3")
    assert lang.pch_flags() is None and not lang.native
    assert lang.compile_argv(["sol.py"])[:3] == ["/usr/bin/python3", "-m", "py_compile"]
    assert lang.run_argv(["grader.py", "sol.py"])[-1] == "grader.py"
    files = ["sol.py", "helper.py", "grader.py"]
    assert lang.artifacts(["grader.py", "sol.py"], files) == sorted(files)
    assert get_language("cpp17").artifacts(["sol.cpp"], ["sol.cpp", "a.h"]) == ["prog"]


def test_language_family() -> None:
    assert family_of("cpp20") == "cpp"
    assert family_of("python3") == "python"
    with pytest.raises(ValueError, match="unknown language"):
        family_of("rust")


@pytest.mark.parametrize(
    ("spelling", "name"),
    [("cpp17", "cpp17"), (" CPP20 ", "cpp20"), ("C++20", "cpp20"), ("c++17", "cpp17"),
     ("cpp", "cpp17"), ("c++", "cpp17"), ("cc", "cpp17"), ("cpp14", "cpp17"),
     ("python", "python3"), ("Py", "python3"), ("py3", "python3")],
)  # fmt: skip
def test_find_language_by_name_or_alias(spelling: str, name: str) -> None:
    assert find_language(spelling).name == name


def test_a_family_alias_means_the_preferred_language_of_that_family() -> None:
    assert find_language("cpp", prefer="cpp20").name == "cpp20"
    assert find_language("c++", prefer="cpp20").name == "cpp20"
    assert find_language("c++17", prefer="cpp20").name == "cpp17"  # names a version
    assert find_language("cpp", prefer="python3").name == "cpp17"  # another family
    with pytest.raises(UnknownLanguage):
        find_language("", prefer="cpp20")


def test_family_spellings_are_the_code_fence_tags() -> None:
    cpp = family_spellings("cpp")
    assert {"cpp", "c++", "cc", "cxx", "cpp17", "cpp20", "c++11", "cpp23"} <= cpp
    assert family_spellings("python") == {"python", "py", "python3", "py3"}
    assert not cpp & family_spellings("python")


def test_languages_of_files_and_grader_side_names() -> None:
    assert [lang.family for lang in family_languages()] == ["cpp", "python"]
    lang = language_for_file("solutions/correct/sol.cc")
    assert lang is not None and lang.name == "cpp17"
    python = language_for_file("a.py")
    assert python is not None and python.name == "python3"
    assert language_for_file("notes.txt") is None
    assert get_language("cpp20").program_file("stub") == "stub.cpp"
    assert python.program_file("grader") == "grader.py"
    assert get_language("cpp17").is_header("task.h") and not python.is_header("task.h")


def test_trusted_programs_are_cpp_compiled_with_the_cms_flags() -> None:
    lang = trusted_language()
    assert lang.family == "cpp" and lang.compiler == "/usr/bin/g++"
    assert lang.trusted_argv("checker/checker.cpp", "prog", ["checker"]) == [
        "/usr/bin/g++", "-O2", "-std=gnu++17", "-pipe", "-Ichecker",
        "-o", "prog", "checker/checker.cpp",
    ]  # fmt: skip
    assert get_language("python3").trusted_argv("checker.py", "prog", []) is None


def test_add_includes_is_open_r1s() -> None:
    cpp = get_language("cpp17")
    headers = ["graders/nile.h", "graders/testlib.h", "graders/grader.cpp"]
    assert cpp.add_includes("int main() {}\n", headers) == (
        '#include <bits/stdc++.h>\n#include "nile.h"\n\nusing namespace std;\n\nint main() {}\n'
    )
    code = '#include "nile.h"\nint main() { std::vector<int> v; }\n'
    assert cpp.add_includes(code, headers) == "#include <bits/stdc++.h>\n" + code
    assert get_language("python3").add_includes("print(1)\n", ["x.h"]) == "print(1)\n"
