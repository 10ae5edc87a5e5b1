"""Code extraction from model generations: the last fenced code block of a language.

The open-r1 reference (``extract_code`` in ``src/open_r1/rewards.py`` of
huggingface/open-r1) is ``re.findall(r"```cpp\\n(.*?)```", text, re.DOTALL)[-1]``
(or ``""``). We keep its two central choices: the *last* block of the language
wins, and a block must be *closed* to count, so a generation truncated inside its
final block yields the last complete block before it (or nothing). The IOI
evaluation scripts of huggingface/ioi (``run_tests/tests_runner.py``) instead take
the text after the last ```` ```cpp ```` up to the end; ``allow_unclosed=True``
does that for a trailing unclosed block.

Deliberate differences from the regex, each for a reason:

* Fences are read line by line, as Markdown does: a fence is a line of three or
  more backticks (or tildes), maybe indented, and a block closes only at a line
  holding nothing but a fence at least as long. The regex also closes a block at a
  ```` ``` ```` in the middle of a line (a string literal, a comment) and opens one
  mid-sentence.
* Language tags are matched case-insensitively against every spelling of the
  language's family that the registry knows (```` ```C++ ````,
  ```` ```cc ````, ```` ```py ````) and only their first word counts
  (```` ```cpp title=sol.cpp ````); the regex needs exactly ```` ```cpp\\n ````.
* CRLF and lone CR line ends are read as LF.
* Reasoning is ignored: only the text after the last ``</think>`` is searched, and
  an unfinished ``<think>`` section (a generation truncated while thinking) is cut
  off with everything after it, so draft code inside reasoning is never returned.
  A generation with ``<think>`` but no ``</think>`` therefore yields no code.
* No block, or an empty or whitespace-only block, gives ``None`` (the regex: ``""``).
* Lines of an indented block lose the fence's indentation (blocks in list items).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from judge.languages.registry import DEFAULT_LANGUAGE, family_of, family_spellings

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_TAG = re.compile(r"[^\s{]+")


class CodeBlock(BaseModel):
    """One fenced block: its language tag (lower case, first word of the info
    string, "" if none), its text and whether a closing fence was found."""

    tag: str
    code: str
    closed: bool


def answer_text(generation: str) -> str:
    """The part of a generation after its reasoning, with LF line ends."""
    text = generation.replace("\r\n", "\n").replace("\r", "\n")
    end = text.rfind("</think>")
    if end >= 0:
        text = text[end + len("</think>") :]
    start = text.find("<think>")
    return text[:start] if start >= 0 else text


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip(" \t")
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def _dedent(line: str, indent: int) -> str:
    cut = 0
    while cut < indent and cut < len(line) and line[cut] in " \t":
        cut += 1
    return line[cut:]


def code_blocks(text: str) -> list[CodeBlock]:
    """All fenced blocks of a Markdown text with LF line ends, in order; only the
    last can be unclosed (it then runs to the end of the text)."""
    blocks: list[CodeBlock] = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not an empty line
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        i += 1
        if m is None or (m["fence"][0] == "`" and "`" in m["info"]):
            continue
        tag_match = _TAG.match(m["info"])
        body: list[str] = []
        closed = False
        while i < len(lines):
            line = lines[i]
            i += 1
            if _closes(line, m["fence"]):
                closed = True
                break
            body.append(_dedent(line, len(m["indent"])))
        code = "\n".join(body) + "\n" if body else ""
        blocks.append(
            CodeBlock(tag=tag_match[0].lower() if tag_match else "", code=code, closed=closed)
        )
    return blocks


def extract_code(
    generation: str, language: str = DEFAULT_LANGUAGE, *, allow_unclosed: bool = False
) -> str | None:
    """The last fenced code block of ``language`` in the answer part of a
    generation, or ``None`` if there is none or it is empty. A trailing block
    with no closing fence counts only with ``allow_unclosed``. ``language`` is
    any spelling of a language or its family (:func:`judge.languages.registry.find_language`);
    a block counts if its tag is any spelling of that family."""
    tags = family_spellings(family_of(language))
    for block in reversed(code_blocks(answer_text(generation))):
        if block.tag in tags and (block.closed or allow_unclosed):
            return block.code if block.code.strip() else None
    return None
