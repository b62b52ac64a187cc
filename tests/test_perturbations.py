"""Reading that survives a change of surface form: an open set read again with a few of
``cqcgraph.perturb``'s transformations keeps its figures above the floors recorded in
fixtures/robustness_floors.json (F1, all kinds together, loose and strict), and those marked
stable there find exactly the facts the unperturbed reading finds; the floors under "also" hold
other open sets to the transformations that once lost facts there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.evaluate import overall
from cqcgraph.perturb import TRANSFORMATIONS, transformation
from cqcgraph.robustness import format_robustness, measure

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOORS = json.loads((FIXTURES / "robustness_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    return measure([FIXTURES / FLOORS["set"]], list(FLOORS["transformations"]))


def test_every_floor_names_a_transformation() -> None:
    assert set(FLOORS["transformations"]) <= set(TRANSFORMATIONS)
    assert {name for _, name, _ in ALSO} <= set(TRANSFORMATIONS)


@pytest.mark.parametrize("name", FLOORS["transformations"])
def test_a_transformation_keeps_the_figures_above_their_floors(result, name: str) -> None:
    _assert_above_floor(result, name, FLOORS["transformations"][name], name)


def _assert_above_floor(result, name: str, floor: dict, label: str) -> None:  # noqa: ANN001
    """``result``'s reading after transformation ``name`` is at or above ``floor`` (F1 loose
    and strict), and finds exactly the unperturbed facts where the floor says it is stable."""
    report = result.perturbed[name]
    loose, strict = overall(report.kinds).f1, overall(report.strict_kinds).f1
    table = format_robustness(result, details=True)
    assert loose >= floor["loose_f1"], f"{label}: loose F1 {loose:.3f} < {floor['loose_f1']}\n{table}"
    assert strict >= floor["strict_f1"], f"{label}: strict F1 {strict:.3f} < {floor['strict_f1']}\n{table}"
    if floor.get("stable"):
        assert result.stable(name), f"{label} changes the facts found\n{table}"


ALSO = [(name, transformation_name, floor) for name, floors in FLOORS.get("also", {}).items() if name != "note"
        for transformation_name, floor in floors.items()]


@pytest.mark.parametrize(("set_name", "name", "floor"), ALSO)
def test_another_open_set_keeps_its_floors(set_name: str, name: str, floor: dict) -> None:
    _assert_above_floor(measure([FIXTURES / set_name], [name]), name, floor, f"{set_name} {name}")


def test_the_transformations_change_no_table_line_and_no_postcode() -> None:
    text = ("Oak Lodge\n\n14 Oak Road, Leeds, West Yorkshire, LS1 4AB, a long line of an address that wraps\n\n"
            "Safe            Good\nCaring          Requires\n                improvement\n")
    for name in TRANSFORMATIONS:
        changed = transformation(name)(text)
        assert "LS1 4AB" in changed.replace("\u00a0", " "), name
        if name not in ("tabs", "blank-lines", "no-blank-lines", "navigation", "web-copy", "crlf", "trailing-space"):
            assert "Safe            Good\nCaring          Requires\n                improvement" in changed, name


def test_wrapping_keeps_a_date_and_a_regulation_whole() -> None:
    text = ("We carried out an unannounced comprehensive inspection of the service on 12 March 2019 and found "
            "a breach of Regulation 12(2)(g) of the Health and Social Care Act 2008 (Regulated Activities).")
    for name in ("wrap-50", "wrap-72"):
        lines = transformation(name)(text).split("\n")
        assert len(lines) > 1
        assert any("12 March 2019" in x for x in lines) and any("Regulation 12(2)(g)" in x for x in lines)


def test_unwrapping_joins_a_paragraph_but_keeps_its_heading_apart() -> None:
    text = ("Summary of findings\nWe carried out an unannounced inspection of Oak Lodge on 12 March\n"
            "2019. The service was rated good at our last inspection and remained good.\nKey findings\n")
    assert transformation("unwrap")(text).split("\n")[:3] == [
        "Summary of findings",
        "We carried out an unannounced inspection of Oak Lodge on 12 March 2019. The service was rated good at our"
        " last inspection and remained good.",
        "Key findings"]


def test_evaluate_perturb_prints_f1_per_transformation_beside_the_unperturbed_run() -> None:
    from conftest import run_cli

    out = run_cli("evaluate", "--perturb", "bullets-square", "--perturb", "crlf", str(FIXTURES / "seeds"))
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert "(unperturbed)" in text and "bullets-square" in text and "crlf" in text
    listed = run_cli("evaluate", "--perturb", "list")
    assert listed.returncode == 0 and "wrap-72" in listed.stdout.decode()
    unknown = run_cli("evaluate", "--perturb", "sideways", str(FIXTURES / "seeds"))
    assert unknown.returncode == 2 and "sideways" in unknown.stderr.decode()
