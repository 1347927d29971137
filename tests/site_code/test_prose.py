"""Prose and code in Markdown (``nnbook_site.citations``): one walker, used by the build and by
the checker, that never takes code for a citation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nnbook_site.citations import (
    cited_in_file,
    cited_keys,
    fenced_lines,
    map_prose,
    numbered,
    page_title,
    prose_pieces,
)


def test_a_fence_closes_only_on_the_same_character_at_least_as_long():
    text = "````\n```\n[@a2000]\n~~~\n````\n[@b2001]\n~~~\n```\n~~~\n[@c2002]\n"
    assert [in_fence for _, _, in_fence in fenced_lines(numbered(text))] == [
        True,  # ````   opens
        True,  # ```    too short to close
        True,
        True,  # ~~~    other character
        True,  # ````   closes
        False,
        True,  # ~~~    opens
        True,  # ```    other character
        True,  # ~~~    closes
        False,
    ]
    assert [key for _, key in cited_keys(numbered(text))] == ["b2001", "c2002"]


def test_inline_code_is_code_and_line_numbers_are_kept():
    lines = [(7, "See `[@a2000]` and [@b2001]."), (8, "``x ` [@c2002]`` then @doe1999.")]
    assert cited_keys(lines) == [(7, "b2001"), (8, "doe1999")]
    pieces = [(n, text) for n, text, is_code in prose_pieces(lines) if is_code]
    assert pieces == [(7, "`[@a2000]`"), (8, "``x ` [@c2002]``")]


@given(st.text(alphabet=st.sampled_from(list("ab`~ \n[@]x1234;")), max_size=80))
def test_the_pieces_give_the_text_back(text):
    assert "".join(piece for _, piece, _ in prose_pieces(numbered(text))) == text
    assert map_prose(text, lambda prose: prose) == text


def test_map_prose_leaves_code_alone():
    text = "A [@k] `[@k]`\n```\n[@k]\n```\n"
    assert map_prose(text, lambda prose: prose.replace("[@k]", "K")) == (
        "A K `[@k]`\n```\n[@k]\n```\n"
    )


def test_page_title_skips_fenced_code():
    text = "```python\n# not a title\n```\n# The *real* `title`\n"
    assert page_title(text, "fallback") == "The real title"
    assert page_title("no heading\n", "fallback") == "fallback"


def test_a_lesson_is_read_cell_by_cell_with_file_lines(tmp_path):
    path = tmp_path / "sec" / "lesson.py"
    path.parent.mkdir()
    path.write_text(
        "# %% [markdown]\n# # L\n#\n# As @doe1999 showed [@roe2000].\n\n"
        "# %%\nx = '[@incode2002]'\n\n# %% [markdown]\n# ```\n# [@fenced2003]\n# ```\n",
        encoding="utf-8",
    )
    assert cited_in_file(path) == [(4, "roe2000"), (4, "doe1999")]
