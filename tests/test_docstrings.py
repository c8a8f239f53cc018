"""Every public function and class of the course has a numpydoc docstring that says enough.

The walk covers every module of the ``course`` package and keeps what each module defines
itself (``obj.__module__`` is the module: re-exports are checked where they are defined),
with no leading underscore. numpydoc's own validator judges each docstring, one test per
object, so a failure reads ``test_docstring_is_complete[course.engine.balance.notional]``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings

import numpydoc.validate
import pytest
from numpydoc.docscrape import NumpyDocString

import course

# numpydoc's codes (numpydoc.validate.ERROR_MSGS), checked for every object:
CHECKS = {
    "GL01",  # the summary starts right after the opening quotes, or on the next line
    "GL02",  # closing quotes on their own line
    "GL03",  # no double blank lines
    "GL05",  # no tabs
    "GL06",  # only numpydoc's sections
    "GL07",  # sections in numpydoc's order
    "GL08",  # there is a docstring
    "SS01",  # a one-line summary...
    "SS02",  # ...that starts with a capital letter,
    "SS03",  # ends with a period,
    "SS04",  # has no leading whitespace,
    "SS05",  # starts with an infinitive verb ("Return", not "Returns"; functions only)
    "SS06",  # and fits on one line
    "PR01",  # every parameter is documented,
    "PR02",  # no documented parameter is unknown,
    "PR03",  # and they come in the signature's order
    "PR10",  # "name : type", with a space before the colon
    "RT01",  # a Returns section, for functions that return something
}
# ...and for the engine, where every docstring carries a worked example:
ENGINE_CHECKS = CHECKS | {"EX01"}  # an Examples section


def public_objects() -> list[str]:
    """Return the dotted names of the public functions and classes the course defines."""
    names = []
    modules = [course.__name__] + [
        info.name for info in pkgutil.walk_packages(course.__path__, prefix="course.")
    ]
    for module_name in sorted(modules):
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if getattr(obj, "__module__", None) == module_name:
                names.append(f"{module_name}.{name}")
    return names


PUBLIC = public_objects()


def test_the_walk_finds_the_engine_and_skips_re_exports():
    assert "course.engine.balance.notional" in PUBLIC
    assert "course.engine.liquidation.bankruptcy_price" not in PUBLIC  # re-exported there
    assert "course.engine.bankruptcy.bankruptcy_price" in PUBLIC
    assert not any(name.startswith("course.margin.") for name in PUBLIC)  # a façade


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_is_complete(name):
    checks = ENGINE_CHECKS if name.startswith("course.engine.") else CHECKS
    with warnings.catch_warnings():  # numpydoc reads every attribute, deprecated ones too
        warnings.simplefilter("ignore", DeprecationWarning)
        result = numpydoc.validate.validate(name)
    errors = [f"{code}: {message}" for code, message in result["errors"] if code in checks]
    assert not errors, f"{name} ({result['file']}:{result['file_line']}):\n" + "\n".join(errors)


@pytest.mark.parametrize("name", [name for name in PUBLIC if name.startswith("course.engine.")])
def test_engine_examples_are_doctests(name):
    docstring = numpydoc.validate.Validator._load_obj(name).__doc__ or ""
    examples = "\n".join(NumpyDocString(inspect.cleandoc(docstring))["Examples"])
    assert ">>> " in examples, f"{name}: the Examples section has no doctest"


def test_the_command_line_examples_run():
    """pytest's --doctest-modules skips ``__main__.py``; its examples run here."""
    import doctest

    import course.__main__

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    results = doctest.testmod(course.__main__, optionflags=flags)
    assert results.attempted > 0 and results.failed == 0
