"""2-D points from a CSV of x1, x2, label rows; every bad file gets one sentence naming the row."""
import numpy as np
import pytest

from nn_io import points_csv
from nn_io.errors import BadPoints
from nn_io.points_csv import points_csv as to_csv
from nn_io.points_csv import read_points


def test_rows_become_X_2_by_m_and_Y_1_by_m():
    X, Y = read_points(b"x1,x2,label\n0.5,-1.2,1\n\n# a comment\n-3,4e-1,0\n")
    np.testing.assert_array_equal(X, [[0.5, -3.0], [-1.2, 0.4]])
    assert X.shape == (2, 2) and Y.shape == (1, 2) and Y.tolist() == [[1, 0]]


def test_no_header_a_bom_crlf_semicolons_with_decimal_commas_and_tabs():
    X, Y = read_points("\ufeff1,5;2;0\r\n-0,25;1;1\r\n".encode())
    np.testing.assert_array_equal(X, [[1.5, -0.25], [2, 1]])
    X, Y = read_points(b"1\t2\t0\n3\t4\t1.0\n")
    assert Y.tolist() == [[0, 1]] and X[1].tolist() == [2, 4]


def test_a_written_set_reads_back_exactly():
    X = np.array([[0.1, -2 / 3, 5.0], [1e-7, 3.25, -999.5]])
    Y = np.array([[0, 1, 1]])
    X2, Y2 = read_points(to_csv(X, Y))
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(Y2, Y)


@pytest.mark.parametrize("text, said", [
    ("x1,x2,label\n1,2,0\n3,abc,1\n", "Row 3 (`3,abc,1`): x2 is `abc`, not a number."),
    ("1,2,0\nnan,1,1\n", "Row 2 (`nan,1,1`): x1 is `nan`; every value must be a finite number."),
    ("1,2,0\n1,inf,1\n", "Row 2 (`1,inf,1`): x2 is `inf`; every value"),
    ("1,2,0\n1,2,2\n", "Row 2 (`1,2,2`): the label is `2`; a label is 0 or 1."),
    ("1,2,0\n1,2,cat\n", "Row 2 (`1,2,cat`): label is `cat`, not a number."),
    ("1,2,0\n\n1,2\n", "Row 3 (`1,2`) has 2 values; each row is x1, x2, label"),
    ("1,2,0\n1,2,1,4\n", "has 4 values"),
    ("1,2,0\n1e30,2,1\n", "x1 is `1e30`, outside −1000 … 1000."),
    ("1,2,1\n3,4,1\n5,6,1\n", "All 3 points have label 1; the network needs points of both"),
    ("x1,x2,label\n", "no rows of points"),
    ("", "empty"),
], ids=["text", "nan", "inf", "label 2", "label text", "2 values", "4 values", "huge",
        "one class", "header only", "empty"])
def test_a_bad_file_gets_one_sentence_naming_the_row(text, said):
    with pytest.raises(BadPoints) as info:
        read_points(text.encode())
    assert said in info.value.message, info.value.message
    assert "\n" not in info.value.message


def test_too_many_rows_and_ten_million_rows():
    rows = "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(points_csv.MAX_ROWS + 1))
    with pytest.raises(BadPoints, match="more than 1,000 rows"):
        read_points(rows.encode())
    X, _ = read_points(rows.rsplit("\n", 2)[0].encode() + b"\n")
    assert X.shape == (2, points_csv.MAX_ROWS)
    ten_million = b"1,2,0\n" * 10_000_000                  # 60 MB: refused before reading
    with pytest.raises(BadPoints, match="57.2 MB; a file of points has at most 1,000 rows"):
        read_points(ten_million)


def test_binary_and_other_encodings_get_a_sentence():
    with pytest.raises(BadPoints, match="not text"):
        read_points(b"\x89PNG\r\n\x1a\n\0\0")
    with pytest.raises(BadPoints, match="not UTF-8"):
        read_points("1,2,0\nx\xe9,1,1\n".encode("latin-1"))


def test_a_row_shown_in_a_sentence_is_markdown_safe_and_short():
    with pytest.raises(BadPoints) as info:
        read_points(b"1,2,0\n**bold**" + b"x" * 100 + b",1,1\n")
    assert "`**bold**" in info.value.message and "…" in info.value.message
