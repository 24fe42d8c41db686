"""The course's published numbers, reproduced by nn_core on the real cat / non-cat photos."""
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not (DATA / "train_catvnoncat.h5").exists(),
                                reason=f"the course data is not in {DATA}")


def test_course_table_seed_1():
    from nn_io.catdata import load_cat_data
    from scripts.reproduce_course import course_runs

    results = {name: t for name, _, t in course_runs(load_cat_data(DATA))}
    two, four = results["2-layer 12288-7-1"], results["4-layer 12288-20-7-5-1"]
    assert two.path == four.path == "gram"
    assert two.costs[2400] == pytest.approx(0.0485547856, abs=1e-10)
    assert two.train_accuracy() == 1.0 and two.test_accuracy() == 0.72
    assert four.costs[2400] == pytest.approx(0.0928782153, abs=1e-10)
    assert round(four.train_accuracy(), 4) == 0.9856 and four.test_accuracy() == 0.80
