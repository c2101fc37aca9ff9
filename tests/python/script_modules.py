"""The project's scripts imported as modules, for tests that call their functions directly."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from dbt_builds import ROOT


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py, executed afresh as module `name`. The first load is also registered in
    sys.modules (dataclasses look their module up there). Raises FileNotFoundError when absent."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module
