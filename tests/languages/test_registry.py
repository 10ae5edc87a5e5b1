import pytest

from judge.languages import LANGUAGES, UnknownLanguage, get_language


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
