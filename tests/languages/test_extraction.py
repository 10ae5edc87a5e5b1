import pytest

from judge.languages.extraction import code_blocks, extract_code

SOL = "int main() {\n    return 0;\n}\n"


def test_last_block_of_the_language_wins() -> None:
    text = (
        "First try:\n```cpp\nint first;\n```\nA test:\n```python\nprint(1)\n```\n"
        f"Final:\n```cpp\n{SOL}```\nDone."
    )
    assert extract_code(text) == SOL
    assert extract_code(text, "python") == "print(1)\n"
    assert extract_code(text, "cpp17") == SOL


@pytest.mark.parametrize(
    "tag", ["cpp", "c++", "C++", "cc", "CPP", "cpp title=sol.cpp", "cpp {1,3}"]
)
def test_cpp_tags(tag: str) -> None:
    assert extract_code(f"```{tag}\n{SOL}```") == SOL


@pytest.mark.parametrize("tag", ["python", "py", "Python3"])
def test_python_tags(tag: str) -> None:
    assert extract_code(f"```{tag}\nprint(2)\n```", "python") == "print(2)\n"
    assert extract_code(f"```{tag}\nprint(2)\n```", "cpp") is None


def test_other_or_missing_tags_are_not_taken() -> None:
    assert extract_code(f"```\n{SOL}```") is None
    assert extract_code(f"```c\n{SOL}```") is None
    assert extract_code(f"```cppx\n{SOL}```") is None


def test_no_block_and_empty_block_give_none() -> None:
    assert extract_code("I could not solve it.") is None
    assert extract_code("") is None
    assert extract_code("```cpp\n```") is None
    assert extract_code("```cpp\n  \n\t\n```") is None
    # The last block decides: an empty final block is no answer.
    assert extract_code(f"```cpp\n{SOL}```\n```cpp\n```") is None


def test_truncated_final_block() -> None:
    # As the open-r1 regex: an unclosed block does not count, the last closed one does.
    text = f"```cpp\n{SOL}```\nBetter:\n```cpp\nint main() {{\n    retu"
    assert extract_code(text) == SOL
    assert extract_code("```cpp\nint main() {") is None
    # As the huggingface/ioi split: the trailing unclosed block, on request.
    assert extract_code(text, allow_unclosed=True) == "int main() {\n    retu\n"


def test_crlf_and_lone_cr() -> None:
    assert extract_code(f"```cpp\r\n{SOL.replace(chr(10), chr(13) + chr(10))}```\r\n") == SOL
    assert extract_code(f"```cpp\r{SOL.replace(chr(10), chr(13))}```") == SOL


def test_indented_fences_are_dedented() -> None:
    text = "1. Code:\n\n   ```cpp\n   int main() {\n       return 0;\n   }\n   ```\n"
    assert extract_code(text) == SOL


def test_fence_text_inside_a_line_neither_opens_nor_closes() -> None:
    # The regex would stop at the ``` inside the string; a Markdown reader does not.
    code = 'const char *s = "```";\nint main() { return 0; }\n'
    assert extract_code(f"Use ```cpp blocks.\n```cpp\n{code}```\n") == code
    # An inline ```cpp``` is not a fence either.
    assert extract_code("say ```cpp``` here") is None


def test_longer_fence_needs_a_long_enough_close() -> None:
    inner = "```cpp\nint x;\n```\n"
    assert extract_code(f"````cpp\n{inner}````") == inner
    assert extract_code(f"~~~cpp\n{SOL}~~~") == SOL
    assert extract_code(f"~~~cpp\n{SOL}```") is None  # the wrong fence character


def test_reasoning_is_ignored() -> None:
    draft = "```cpp\nint draft;\n```"
    assert extract_code(f"<think>\n{draft}\n</think>\nAnswer:\n```cpp\n{SOL}```") == SOL
    # Code only in the reasoning is not an answer.
    assert extract_code(f"<think>\n{draft}\n</think>\nNo idea.") is None
    # Template put <think> in the prompt: only the closing tag appears.
    assert extract_code(f"{draft}\n</think>\n```cpp\n{SOL}```") == SOL
    # Truncated while thinking: no answer yet.
    assert extract_code(f"<think>\n{draft}\nlet me check") is None
    # A second, unfinished reasoning section after an answer is cut off.
    assert extract_code(f"</think>\n```cpp\n{SOL}```\n<think>\n{draft}") == SOL


def test_code_blocks_reports_tags_and_closure() -> None:
    blocks = code_blocks("```Cpp title=a\nx\n```\ntext\n```\ny\n")
    assert [(b.tag, b.code, b.closed) for b in blocks] == [("cpp", "x\n", True), ("", "y\n", False)]

