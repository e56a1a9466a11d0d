"""Stage 1, the loader: a topic's files, and every way reading one can fail."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from argmap import load
from argmap.check import check_topic
from argmap.problems import Problems

from .conftest import SPLIT_TOPIC, check_lines

pytestmark = pytest.mark.usefixtures("in_tmp")

STRAY = (
    "this YAML file has no place in a topic: expected topic.yaml, historians.yaml, "
    "evidence.yaml or schools/<school-id>.yaml"
)


def read(path: str) -> tuple[load.Source, list[str]]:
    problems = Problems()
    source = load.read_source(path, "topic", problems)
    return source, [str(p) for p in problems.sorted()]


# -- the files of a topic -------------------------------------------------------------------


def test_find_files_gives_each_file_its_role_in_reading_order(topic_dir):
    topic = topic_dir({**SPLIT_TOPIC, "schools/gamma.yml": "id: gamma\n", "notes.txt": "x"})
    Path(topic, ".git").mkdir()
    Path(topic, ".git", "config.yaml").write_text("x: 1\n")  # hidden folders are not the topic
    files, problems = load.find_files(topic)
    assert problems.items == []
    assert files == [
        ("topic/topic.yaml", "topic"),
        ("topic/historians.yaml", "historians"),
        ("topic/evidence.yaml", "evidence"),
        ("topic/schools/alpha.yaml", "school"),
        ("topic/schools/beta.yaml", "school"),
        ("topic/schools/gamma.yml", "school"),
    ]


def test_path_is_shown_as_given_on_the_command_line(topic_dir):
    topic_dir(SPLIT_TOPIC)
    files, _ = load.find_files("topic/")
    assert files[0] == ("topic/topic.yaml", "topic")
    files, _ = load.find_files("./topic")
    assert files[-1] == ("./topic/schools/beta.yaml", "school")


def test_a_single_file_is_a_one_file_topic(one_file):
    path = one_file("format: 1\nid: t\nquestion: Why?\n", name="my-topic.yml")
    assert load.find_files(path) == ([(path, "topic")], Problems())


def test_a_stray_yaml_file_is_an_error_not_ignored(topic_dir):
    topic = topic_dir(
        {
            **SPLIT_TOPIC,
            "notes.yaml": "x: 1\n",
            "extra/more.YML": "x: 1\n",
            "schools/old/alpha.yaml": "x: 1\n",
            "README.md": "not yaml, not a problem\n",
        }
    )
    assert check_lines(topic) == [
        f"topic/extra/more.YML:1:1: error: {STRAY}",
        f"topic/notes.yaml:1:1: error: {STRAY}",
        f"topic/schools/old/alpha.yaml:1:1: error: {STRAY}",
    ]


def test_a_folder_without_topic_yaml(topic_dir):
    topic = topic_dir({"historians.yaml": SPLIT_TOPIC["historians.yaml"]})
    result = check_topic(topic)
    assert [str(p) for p in result.errors] == [
        "topic/topic.yaml:1:1: error: a topic needs a topic.yaml"
    ]
    assert result.topic is None


def test_two_files_for_one_place(topic_dir):
    topic = topic_dir({**SPLIT_TOPIC, "topic.yml": SPLIT_TOPIC["topic.yaml"]})
    assert check_lines(topic) == [
        "topic/topic.yml:1:1: error: 'topic/topic.yaml' is the same file: keep only one"
    ]


def test_no_such_topic_raises_topic_not_found():
    with pytest.raises(load.TopicNotFound, match="no topic folder or file at 'nowhere'"):
        load.find_files("nowhere")


# -- reading one file -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_an_error(one_file, text):
    source, problems = read(one_file(text))
    assert source.node is None
    assert problems == ["t.yaml:1:1: error: file is empty"]


def test_an_empty_document_is_not_a_mapping(one_file):
    assert check_lines(one_file("# nothing yet\n---\n")) == [
        "t.yaml:3:1: error: topic.yaml must be a mapping of 'key: value' lines, not empty"
    ]


def test_an_empty_school_file_is_an_error_in_a_folder(topic_dir):
    topic = topic_dir({**SPLIT_TOPIC, "schools/gamma.yaml": ""})
    assert check_lines(topic) == ["topic/schools/gamma.yaml:1:1: error: file is empty"]


def test_non_utf8_bytes_are_reported_at_the_bad_byte(tmp_path):
    Path("latin1.yaml").write_bytes(b"format: 1\nid: t\nquestion: caf\xe9?\n")
    source, problems = read("latin1.yaml")
    assert source.node is None
    assert problems == [
        "latin1.yaml:3:14: error: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_non_utf8_column_counts_characters_like_yaml_does():
    # 'café' is five bytes but four characters: the bad byte is the 16th character.
    Path("mixed.yaml").write_bytes(b"format: 1\nid: t\nquestion: caf\xc3\xa9 \xff\n")
    _, problems = read("mixed.yaml")
    assert problems == [
        "mixed.yaml:3:16: error: not UTF-8 text (byte 0xff); save the file as UTF-8"
    ]


def test_non_utf8_after_a_byte_order_mark():
    Path("bom.yaml").write_bytes(b"\xef\xbb\xbfformat: 1\nid: t\nquestion: \xff\n")
    _, problems = read("bom.yaml")
    assert problems == ["bom.yaml:3:11: error: not UTF-8 text (byte 0xff); save the file as UTF-8"]


def test_a_byte_order_mark_is_allowed_and_columns_ignore_it():
    Path("bom.yaml").write_bytes(b"\xef\xbb\xbfformat: 1\nid: T\nquestion: Why?\n")
    assert check_lines("bom.yaml") == [
        "bom.yaml:2:5: error: invalid topic id 'T': use lowercase letters, digits and hyphens, "
        "starting with a letter or digit (at most 64)"
    ]


def test_a_file_larger_than_5_mb_is_refused_unread():
    with open("big.yaml", "wb") as handle:
        handle.write(b"format: 1\n# " + b"x" * load.MAX_BYTES + b"\n")
    source, problems = read("big.yaml")
    assert source.node is None
    assert problems == ["big.yaml:1:1: error: file is 5.0 MB; the limit is 5 MB"]


def test_a_file_of_exactly_5_mb_is_read():
    head = b"format: 1\nid: t\nquestion: Why?\n# "
    Path("five.yaml").write_bytes(head + b"x" * (load.MAX_BYTES - len(head) - 1) + b"\n")
    assert Path("five.yaml").stat().st_size == load.MAX_BYTES
    source, problems = read("five.yaml")
    assert problems == []
    assert source.node is not None


def test_a_huge_school_file_in_a_folder_is_refused(topic_dir):
    topic = topic_dir(SPLIT_TOPIC)
    with open(f"{topic}/schools/huge.yaml", "wb") as handle:
        handle.write(b"id: huge\n" + b"#" * (6 * 1024 * 1024) + b"\n")
    assert check_lines(topic) == [
        "topic/schools/huge.yaml:1:1: error: file is 6.0 MB; the limit is 5 MB"
    ]


# -- YAML syntax, anchors and tags ----------------------------------------------------------


def test_a_syntax_error_is_a_problem_not_an_exception(one_file):
    source, problems = read(one_file("format: 1\nid: t\nquestion: [Why?\n"))
    assert source.node is None
    assert problems == [
        "t.yaml:3:11: error: YAML syntax: this '[' opens a list that is never closed: end it "
        "with ']' (a text that starts with '[' must be in quotes) (YAML: while parsing a flow "
        "sequence did not find expected ',' or ']')"
    ]


def test_a_tab_indent_is_a_syntax_error(one_file):
    _, problems = read(one_file("format: 1\nfactors:\n\t- id: a\n"))
    assert problems == [
        "t.yaml:3:1: error: YAML syntax: a tab is used for indentation: indent with spaces "
        "only (YAML: while scanning for the next token found character that cannot start "
        "any token)"
    ]


def test_two_documents_in_one_file_are_an_error(one_file):
    _, problems = read(one_file("format: 1\n---\nid: t\n"))
    assert problems == [
        "t.yaml:2:1: error: YAML syntax: a line '---' starts a second document, and a file "
        "holds one: remove it (YAML: expected a single document in the stream but found "
        "another document)"
    ]


BILLION_LAUGHS = """\
format: 1
id: t
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
question: *i
"""


def test_billion_laughs_is_refused_before_any_node_is_built(one_file):
    path = one_file(BILLION_LAUGHS)
    start = time.perf_counter()
    source, problems = read(path)
    elapsed = time.perf_counter() - start
    assert source.node is None  # no node tree: nothing downstream can expand the aliases
    assert yaml.compose(BILLION_LAUGHS) is not None  # valid YAML: refused, not unparsable
    assert elapsed < 2.0  # in practice a millisecond; loose because machines are noisy
    assert problems[0] == "t.yaml:3:4: error: YAML anchor '&a' is not allowed: write the value out"
    assert problems[1] == "t.yaml:4:4: error: YAML anchor '&b' is not allowed: write the value out"
    assert problems[2] == "t.yaml:4:8: error: YAML alias '*a' is not allowed: write the value out"
    assert problems[-1] == (
        "t.yaml:12:11: error: YAML alias '*i' is not allowed: write the value out"
    )
    assert len(problems) == 9 + 8 * 9 + 1  # nine anchors, 72 aliases in lists, one more


def test_billion_laughs_through_the_whole_check_is_fast(one_file):
    path = one_file(BILLION_LAUGHS)
    start = time.perf_counter()
    result = check_topic(path)
    assert time.perf_counter() - start < 2.0
    assert result.topic is None
    assert all("YAML anchor" in p.message or "YAML alias" in p.message for p in result.problems)


def test_a_syntax_error_after_an_anchor_is_still_reported(one_file):
    _, problems = read(one_file('format: 1\nid: &a t\nquestion: "Why?\n'))
    assert problems == [
        "t.yaml:2:5: error: YAML anchor '&a' is not allowed: write the value out",
        "t.yaml:3:11: error: YAML syntax: this quote is never closed: end the text with the "
        "same quote (YAML: while scanning a quoted scalar found unexpected end of stream)",
    ]


def test_yamls_own_tags_are_allowed_others_refused(one_file):
    _, problems = read(one_file("format: !!int 1\nid: !!str t\nquestion: ! Why?\nsummary: !x y\n"))
    assert problems == ["t.yaml:4:10: error: YAML tag '!x' is not allowed"]


def test_ampersands_and_stars_in_text_are_not_anchors(one_file):
    path = one_file("format: 1\nid: t\nquestion: 'Why & how *much*?'\nsummary: A & B! *C*\n")
    result = check_topic(path)
    assert result.problems == []
    assert result.topic.summary == "A & B! *C*"


def test_prose_with_ampersands_and_exclamations_needs_no_second_parse():
    """The event scan for anchors, aliases and tags runs only where one may be."""
    from argmap.load import _MAYBE_NODE_PROPERTY

    for prose in ("text: Party & state", "quote: 'No!' he said", "note: 5*3", "a: b&c"):
        assert not _MAYBE_NODE_PROPERTY.search(prose), prose
    for node in (
        "a: &x 1",
        "- *x",
        "[&x 1]",
        "{a: !!python/name:os.system x}",
        "&x a: 1",
        "a:\n  !custom b",
    ):
        assert _MAYBE_NODE_PROPERTY.search(node), node
