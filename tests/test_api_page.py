"""The API page lists every public name of every module, generated from the docstrings."""

from __future__ import annotations

import importlib
import re

import pytest

pytestmark = pytest.mark.book

MODULES = ["layers", "counting", "images", "plotting", "widgets", "scenes", "learning"]


@pytest.fixture(scope="module")
def documented(built_book) -> set[str]:
    html = (built_book / "book" / "api.html").read_text(encoding="utf-8")
    return set(re.findall(r'id="(mlp2conv\.[\w.]+)"', html))


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_is_on_the_api_page(documented, module):
    public = importlib.import_module(f"mlp2conv.{module}").__all__
    missing = [name for name in public if f"mlp2conv.{module}.{name}" not in documented]
    assert not missing, f"mlp2conv.{module}: {missing} are not on the API page"


def test_api_page_documents_parameters_and_examples(built_book):
    html = (built_book / "book" / "api.html").read_text(encoding="utf-8")
    entry = html[html.index('id="mlp2conv.layers.local_layer"') :][:20_000]
    assert "Parameters" in entry and "Examples" in entry
