"""The figure builders and the text helpers are plain Python: they never import Streamlit
(so unit tests can inspect what they build)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "module", ["components.map_figure", "components.timeline_figure", "components.safe"]
)
def test_module_does_not_import_streamlit(module):
    code = f"import sys, {module}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
