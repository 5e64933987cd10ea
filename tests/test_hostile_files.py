"""Files that are not what they claim: a curated file cannot make the build read outside the knowledge
base; other encodings, oversized or deeply nested input are named and refused, and what timeline
writes into TOML people edit is escaped.

Regression tests for defects found by trying timeline as an attacker would: each fails on the code
before its fix."""

from __future__ import annotations

import pytest

from sparql_servers import SELECT
from timeline.cli import cli


# ---- a curated file cannot make the build read files outside the knowledge base ----------------


@pytest.mark.parametrize("file_name", ["/etc/passwd", "../../../../etc/passwd", "../sources.toml", "escape.txt"])
def test_a_source_file_outside_the_sources_folder_is_refused(runner, kb_copy, edit, file_name):
    (kb_copy / "sources" / "escape.txt").symlink_to("/etc/hostname")
    edit(kb_copy / "sources.toml", 'file = "xi-putin-beijing-2024-05.txt"', f'file = "{file_name}"')
    before = {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")}
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 2
    assert f"{file_name!r} is not a file name inside kb/sources/" in result.output
    assert {path: path.read_bytes() for path in kb_copy.rglob("*.ttl")} == before


# ---- what timeline writes into TOML people edit is escaped, and source add checks its input ----


def test_a_title_with_control_characters_is_written_escaped_and_read_back(runner, kb_copy, tmp_path):
    import tomllib

    text = tmp_path / "report.txt"
    text.write_text("Putin and Xi met.\n", encoding="utf-8")
    title = 'Tab\there, "quotes", a bell \x07 and a\nnewline'
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", title, "--published", "2024-05-17"])
    assert result.exit_code == 0, result.output
    sources = tomllib.loads((kb_copy / "sources.toml").read_text(encoding="utf-8"))["source"]
    assert sources[-1]["title"] == title
    assert (kb_copy / "sources.toml").read_text(encoding="utf-8").startswith("# The sources of the knowledge base")


@pytest.mark.parametrize("url", ["https://example.org/a b", "https://example.org/<x>", "/relative/path", "ftp://example.org/x"])
def test_source_add_refuses_a_url_that_is_not_an_absolute_http_url(runner, kb_copy, tmp_path, url):
    text = tmp_path / "report.txt"
    text.write_text("Putin and Xi met.\n", encoding="utf-8")
    before = (kb_copy / "sources.toml").read_bytes()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(text), "--title", "T", "--published", "2024-05-17", "--url", url])
    assert result.exit_code == 2 and "is not an absolute http(s) URL" in result.output
    assert (kb_copy / "sources.toml").read_bytes() == before


# ---- other encodings and oversized or deep input: named, refused, nothing changed --------------


def test_a_utf16_query_file_and_standard_input_are_named(runner, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(SELECT.encode("utf-16"))
    assert runner.invoke(cli, ["sparql", str(query)]).output == f"Error: {query} is UTF-16, not UTF-8; save the query as UTF-8.\n"
    piped = runner.invoke(cli, ["sparql", "-"], input=SELECT.encode("latin-1") + "é".encode("latin-1"))
    assert piped.exit_code == 2 and piped.output.startswith("Error: Standard input is not UTF-8")


def test_a_missing_query_file_is_named(runner):
    result = runner.invoke(cli, ["sparql", "missing.rq"])
    assert (result.exit_code, result.output) == (2, "Error: No file missing.rq: give the path of a query file, the query itself, or - for standard input.\n")


@pytest.mark.parametrize("name, what", [("entities.toml", "TOML"), ("sources/xi-putin-beijing-2024-05.txt", "text")])
def test_build_names_a_file_that_is_not_utf8_and_writes_nothing(runner, kb_copy, name, what):
    path = kb_copy / name
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    before = {p: p.read_bytes() for p in kb_copy.rglob("*.ttl")}
    for arguments in (["build"], ["build", "--check"]):
        result = runner.invoke(cli, ["--kb", str(kb_copy), *arguments])
        assert result.exit_code == 2 and "UTF-16, not UTF-8" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in kb_copy.rglob("*.ttl")} == before


def test_a_turtle_file_in_utf16_is_named(runner, kb_copy):
    links = kb_copy / "links.ttl"
    links.write_bytes(links.read_text(encoding="utf-8").encode("utf-16"))
    result = runner.invoke(cli, ["--kb", str(kb_copy), "show"])
    assert result.output == f"Error: {links}: not valid Turtle: the file is UTF-16, not UTF-8; Turtle is UTF-8\n"


def test_a_literal_larger_than_oxigraph_reads_is_refused_with_the_limit(runner, kb_copy):
    links = kb_copy / "links.ttl"
    links.write_text(links.read_text(encoding="utf-8") + '<urn:big> <urn:p> "' + "x" * (17 * 1024 * 1024) + '" .\n', encoding="utf-8")
    for command in (["show"], ["export", "-f", "nquads"], ["validate"]):
        result = runner.invoke(cli, ["--kb", str(kb_copy), *command])
        assert result.exit_code == 2
        assert result.output == (
            f"Error: {links}: a term in this file is longer than the 16 MiB that Oxigraph reads in one piece; "
            "split the text, or keep a large text outside the knowledge base\n"
        )


def test_validate_names_an_events_file_edited_into_broken_turtle(runner, kb_copy):
    """An events file the build cache no longer vouches for is read to find the events it
    names, before its batch: broken Turtle there is one line naming file and place."""
    events = kb_copy / "events" / "xi-putin-beijing-2024-05.ttl"
    events.write_text(events.read_text(encoding="utf-8") + "\n<urn:a> <urn:b> .\n", encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "validate"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {events}:") and "not valid Turtle" in result.output and result.output.count("\n") == 1


def test_a_source_text_over_the_limit_is_refused(runner, kb_copy, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (2 * 1024 * 1024))
    result = runner.invoke(cli, ["--kb", str(kb_copy), "source", "add", str(big), "--title", "Big", "--published", "2024-05-17"])
    assert result.exit_code == 2 and "a source may have at most 8,388,608 (8 MiB)" in result.output


def test_a_deeply_nested_toml_array_is_refused_not_a_traceback(runner, kb_copy):
    (kb_copy / "entities.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["--kb", str(kb_copy), "build"])
    assert result.exit_code == 2
    assert result.output == "Error: kb/entities.toml: not valid TOML: its arrays or tables are nested too deeply to read\n"


def test_a_kb_folder_that_does_not_exist_is_named(runner, tmp_path):
    missing = tmp_path / "nope"
    for command in (["show"], ["build"]):
        result = runner.invoke(cli, ["--kb", str(missing), *command])
        assert result.exit_code == 2 and result.output.startswith(f"Error: The knowledge base folder {missing} does not exist.")
