"""Safe YAML loading: what PyYAML would accept silently, we refuse with a location."""

from __future__ import annotations

import pytest

from afterview.rules.documents import MAX_BYTES, YAMLProblem, decode, parse


def problem(text: str) -> tuple[str, int | None, int | None]:
    with pytest.raises(YAMLProblem) as info:
        parse(text, "f.yaml")
    return info.value.message, info.value.line, info.value.col


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    assert problem("id: a\ntitle: x\nid: b\n") == ("duplicate key 'id' (first defined on line 1)", 3, 1)


def test_python_tags_are_refused() -> None:
    assert problem("x: !!python/object/apply:os.system [ls]\n") == (
        "tag '!!python/object/apply:os.system' is not allowed", 1, 4)
    assert problem("x: !!python/name:os.system\n") == ("tag '!!python/name:os.system' is not allowed", 1, 4)


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdef"):
        prev = "abcde"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    message, line, _ = problem("\n".join(lines) + "\n")
    assert message == "document expands to more than 100,000 values"
    assert line == 5  # the cumulative count passes the limit while expanding e


def test_merge_keys_are_refused() -> None:
    assert problem("a: &x {b: 1}\nc:\n  <<: *x\n") == ("merge keys (<<) are not supported", 3, 3)


def test_syntax_error_has_position() -> None:
    assert problem("rules: [\n") == ("invalid YAML: did not find expected node content", 2, 1)


def test_values_stay_plain_text() -> None:
    doc = parse("country: NO\nwhen: 2026-12-01\nflag: yes\nok: true\n", "f.yaml")
    assert doc.data == {"country": "NO", "when": "2026-12-01", "flag": "yes", "ok": True}


def test_positions_of_keys_and_values() -> None:
    doc = parse("rules:\n  - id: a\n    title: b\n", "f.yaml")
    assert doc.marks[("rules", 0, "title")] == (3, 12)
    assert doc.key_marks[("rules", 0, "title")] == (3, 5)
    assert str(doc.location(("rules", 0, "nope"))) == "f.yaml:2:5"


def test_non_utf8_reports_the_byte() -> None:
    with pytest.raises(YAMLProblem) as info:
        decode(b"id: x\ntitle: caf\xe9\n")
    assert (info.value.message, info.value.line, info.value.col) == ("file is not valid UTF-8 (byte 0xe9)", 2, 11)


def test_huge_files_are_refused() -> None:
    with pytest.raises(YAMLProblem) as info:
        decode(b"#" * (MAX_BYTES + 1))
    assert info.value.message == "file is over the 1,000,000-byte limit"
