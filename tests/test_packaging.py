"""Installing the package (a wheel, not only an editable checkout) brings the ontology, shapes,
named queries and the web assets with it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(PROJECT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("cqcgraph-*.whl")
    return path


def test_wheel_carries_ontology_shapes_queries_and_web_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ["ontology", "shapes", "queries"]:
        source = {p.name for p in (PROJECT / folder).iterdir() if p.is_file()}
        packaged = {Path(n).name for n in names if n.startswith(f"cqcgraph/_data/{folder}/")}
        assert source <= packaged, folder
    assert "cqcgraph/web/static/codemirror/codemirror.js" in names
    assert any(n.startswith("cqcgraph/web/templates/") for n in names)


def test_installed_package_finds_its_data_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from cqcgraph.resources import data_dir;"
        "from cqcgraph.queries import named_queries;"
        "print(data_dir('ontology')); print(len(named_queries()))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    folder, count = result.stdout.split()
    assert Path(folder).is_relative_to(site)
    assert int(count) >= 8
