"""The error family: every problem with a file is an InputError with one sentence to show."""
import pytest

from nn_io import errors


SUBCLASSES = [getattr(errors, name) for name in errors.__all__ if name != "InputError"]


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda c: c.__name__)
def test_every_error_is_an_input_error_and_a_value_error(cls):
    err = cls("This file is not an image (it looks like text).")
    assert isinstance(err, errors.InputError) and isinstance(err, ValueError)
    assert err.message == str(err) == "This file is not an image (it looks like text)."


def test_a_page_can_catch_them_all_with_one_except():
    with pytest.raises(errors.InputError) as info:
        raise errors.TruncatedImage("This JPEG file is incomplete.")
    assert info.value.message == "This JPEG file is incomplete."


def test_text_from_a_file_is_quoted_as_plain_characters():
    from nn_io.errors import quoted
    assert quoted("**cat**") == "`**cat**`"
    assert quoted("a`b\x00c") == "`abc`"
    assert quoted("x" * 100, limit=10) == "`xxxxxxxxxx…`"
    assert quoted("") == "(nothing)"
