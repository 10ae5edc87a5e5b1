from judge.languages.task_pch import header_first, leading_includes

HEADERS = ["machine.h"]


def test_header_then_stdcpp_is_recognised() -> None:
    src = b'// solution\n\n/* by me */\n#include "machine.h"\n#include <bits/stdc++.h>\nint x;\n'
    assert header_first(src, HEADERS) == "machine.h"
    assert header_first(b'#include"machine.h"\n  # include <bits/stdc++.h> // all\n', HEADERS)


def test_anything_else_is_not() -> None:
    assert header_first(b'#include <bits/stdc++.h>\n#include "machine.h"\n', HEADERS) is None
    assert header_first(b'#include "machine.h"\n#include <vector>\n', HEADERS) is None
    assert header_first(b'#include "other.h"\n#include <bits/stdc++.h>\n', HEADERS) is None
    src = b'#define int long long\n#include "machine.h"\n#include <bits/stdc++.h>\n'
    assert header_first(src, HEADERS) is None
    src = b'#include "machine.h"\n#define N 5\n#include <bits/stdc++.h>\n'
    assert header_first(src, HEADERS) is None
    src = b'/* a\n*/\n#include "machine.h"\n#include <bits/stdc++.h>\n'
    assert header_first(src, HEADERS) is None  # multi-line comments: not worth parsing


def test_leading_includes_stops_at_code() -> None:
    src = b"#include <a>\nint x;\n#include <b>\n"
    assert leading_includes(src, 5) == [("<", "a")]
