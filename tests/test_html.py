"""The HTML writer's template environment: the sandbox stays whole when its verdicts are remembered."""

import types

import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from agreement_builder.writers.html import PageEnvironment


def _render(env, source, **values):
    return env.from_string(source).render(**values)


def _fn():
    return "x"


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("{{ f.__code__ }}", {"f": _fn}),
        ("{{ f.__globals__ }}", {"f": _fn}),
        ("{{ t.mro() }}", {"t": str}),
        ("{{ s._private }}", {"s": types.SimpleNamespace(_private=1)}),
    ],
)
def test_unsafe_attributes_are_refused_every_time(source, values):
    env = PageEnvironment(undefined=StrictUndefined)  # as the writer's: a refusal raises
    for _ in range(3):  # the first refusal is remembered, and remembered as a refusal
        with pytest.raises(SecurityError):
            _render(env, source, **values)


def test_verdicts_are_those_of_jinjas_sandbox():
    """Remembered per type and name: the answers are the plain sandbox's, for safe and unsafe names alike."""
    ours, jinjas = PageEnvironment(), SandboxedEnvironment()
    objects = [_fn, str, "text", types.SimpleNamespace(name="a"), (lambda: 1).__call__, iter([1])]
    names = ["name", "upper", "mro", "__code__", "__globals__", "__func__", "gi_frame", "_x", "__class__"]
    for obj in objects:
        for name in names:
            value = getattr(obj, name, None)
            expected = jinjas.is_safe_attribute(obj, name, value)
            for _ in range(2):
                assert ours.is_safe_attribute(obj, name, value) == expected, (obj, name)


def test_an_object_that_claims_another_class_is_judged_each_time():
    """A ``__class__`` of its own making could borrow a harmless type's verdict; it gets none from the memory."""

    class Pretender:
        @property
        def __class__(self):  # claims to be a function
            return types.FunctionType

    env = PageEnvironment()
    assert env.is_safe_attribute(types.SimpleNamespace(), "__code__", None) is False
    assert env.is_safe_attribute(Pretender(), "__code__", None) == SandboxedEnvironment().is_safe_attribute(
        Pretender(), "__code__", None
    )
    assert (Pretender, "__code__") not in env._verdicts


def test_safe_attributes_still_read_through_the_memory():
    env = PageEnvironment()
    item = types.SimpleNamespace(title="Artikel 1")
    assert [_render(env, "{{ i.title }}", i=item) for _ in range(2)] == ["Artikel 1", "Artikel 1"]
    assert env._verdicts[(types.SimpleNamespace, "title")] is True


def test_a_str_format_under_another_name_is_still_the_sandboxs_to_wrap():
    """Even once ``fmt`` was read safely from the type, a ``str.format`` there cannot reach ``__class__``."""
    env = PageEnvironment(undefined=StrictUndefined)
    harmless = types.SimpleNamespace(fmt="x")
    assert _render(env, "{{ o.fmt }}", o=harmless) == "x"  # judged safe: (SimpleNamespace, 'fmt')
    hostile = types.SimpleNamespace(fmt="{0.__class__}".format)
    for _ in range(2):
        with pytest.raises(SecurityError):
            _render(env, "{{ o.fmt(1) }}", o=hostile)
        # Handed to a Python function, it is called outside the sandbox: it must come wrapped.
        with pytest.raises(SecurityError):
            _render(env, "{{ apply(o.fmt) }}", o=hostile, apply=lambda f: f(1))
