"""Facades that import a submodule only when one of its names is first used.

Each package's `__init__` names what the rest of the code may use. Importing every submodule up front to do so
would make `from core.agenda import Agenda` pay for scikit-learn and `from core.store import reading` for torch,
and the home page's cold start with them. So a facade lists its names by submodule, and the submodule is
imported on first use (the pattern of Scientific Python's SPEC 1 and its `lazy_loader`):

    __getattr__, __dir__, __all__ = offer(__name__, {
        "sessions": "Agenda guess_mapping normalise",
        "schedule": "repair apply:apply_repair",      # `apply` is offered as `apply_repair`
    })
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def offer(package: str, names_by_module: dict[str, str]) -> tuple[Callable, Callable, list[str]]:
    """The `__getattr__`, `__dir__` and `__all__` of a package offering these names of its submodules."""
    where: dict[str, tuple[str, str]] = {}
    for module, names in names_by_module.items():
        for entry in names.split():
            name, _, offered_as = entry.partition(":")
            offered_as = offered_as or name
            if offered_as in where or offered_as in names_by_module:
                # Importing a submodule sets it as an attribute of its package: a name equal to a module's
                # would flip between the two
                raise ValueError(f"{package} offers {offered_as!r} twice, or under a submodule's name")
            where[offered_as] = (module, name)

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = where[name]
        value = getattr(importlib.import_module(f"{package}.{module}"), original)
        setattr(sys.modules[package], name, value)  # the next use is a plain attribute read
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__, sorted(where)
