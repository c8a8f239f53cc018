"""environment.yml (conda) and pyproject.toml (pip) must name the same dependencies and versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pip_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + [
        dep for deps in project["optional-dependencies"].values() for dep in deps
    ]
    return {
        canonicalize_name(Requirement(line).name): Requirement(line).specifier for line in lines
    }


def conda_requirements() -> dict[str, SpecifierSet]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for entry in environment["dependencies"]:
        if not isinstance(entry, str):
            continue  # the pip: section installs the project itself
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", entry.strip())
        name, spec = match.group(1), match.group(2).replace(" ", "")
        found[canonicalize_name(name)] = SpecifierSet(spec)
    return found


def test_conda_and_pip_name_the_same_dependencies():
    conda = conda_requirements()
    pip = pip_requirements()
    assert set(pip) == set(conda) - {"python", "pip"}


def test_conda_and_pip_pin_the_same_version_ranges():
    conda = conda_requirements()
    for name, specifier in pip_requirements().items():
        assert conda[name] == specifier, f"{name}: pip {specifier} vs conda {conda[name]}"


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert conda_requirements()["python"] == SpecifierSet(project["requires-python"])


def test_altair_stays_below_6_for_offline_charts_in_jupyterlab_4():
    specifier = pip_requirements()["altair"]
    assert "5.5.0" in specifier and "6.0.0" not in specifier


def test_installed_versions_satisfy_the_pins():
    from importlib.metadata import version

    for name, specifier in pip_requirements().items():
        assert specifier.contains(version(name), prereleases=True), f"{name} {version(name)}"


def test_pip_section_installs_the_project():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [
        entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)
    ]
    assert pip_sections == [["-e ."]]


@pytest.mark.slow
def test_the_wheel_builds_without_deprecation_warnings(tmp_path):
    """An SPDX licence string, not the TOML table setuptools deprecated (issue 11, section 5)."""
    import subprocess
    import sys

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    log = built.stdout + built.stderr
    for warning in ("BuildBackendWarning", "DeprecationWarning", "is deprecated"):
        assert warning not in log, [line for line in log.splitlines() if warning in line][:3]
    assert list(tmp_path.glob("margin_mechanics-*.whl"))
