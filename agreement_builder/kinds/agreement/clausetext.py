"""Clause texts as sandboxed Jinja2 templates.

Clause libraries are shared between municipalities, so their texts are untrusted code: they
run in Jinja2's SandboxedEnvironment (no attribute tricks like ``''.__class__``), with
StrictUndefined (a misspelt placeholder is an error, not an empty hole). Every printed value
is escaped for Markdown, so a value can never inject markup into the clause text; it stays
literal text in both HTML and DOCX.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from agreement_builder.core.numwords import GENDERS, in_words
from agreement_builder.core.values import FormattedInt, format_integer

# Names every clause may use without declaring them; filled from the spec by the resolver.
GLOBALS = frozenset({"parties", "partner", "priorities", "agreement", "article"})


# What clause texts and conditions may read of the spec data (resolve.py builds these views).
PARTY_ATTRIBUTES = (
    "id",
    "name",
    "short_name",
    "country",
    "country_code",
    "representative",
    "function",
    "signing_place",
    "expectations",
    "contributions",
    # From the party's institution entry and identification (institutions.yaml, context.py):
    "kind",
    "kind_label",
    "institution_known",
    "approving_body",
    "approving_act",
    "laws",
    "approval",
    "co_signatory",
    "co_function",
    "id_document",
    "id_number",
    "address",
    "credential",
)
AGREEMENT_ATTRIBUTES = ("date", "title")
_ATTRIBUTES = {"partner": PARTY_ATTRIBUTES, "parties": PARTY_ATTRIBUTES, "agreement": AGREEMENT_ATTRIBUTES}


def unknown_attributes(
    text: str, condition: bool = False, attributes: dict[str, tuple[str, ...]] | None = None
) -> list[str]:
    """``partner.contry_code`` and the like: attributes of spec data that do not exist.

    Caught when the library is loaded, so a typo is reported with the clause's file and
    line instead of surfacing later as an error about Python objects. ``attributes`` is
    what each name of spec data has, when it is not what clause texts see (rules see more).
    """
    known = _ATTRIBUTES if attributes is None else attributes
    found = expressions("{{ " + text + " }}" if condition else text)
    bad = []
    for chain in sorted(found):
        head, _, rest = chain.partition(".")
        base = head.split("[", 1)[0]
        if base in known and rest:
            attribute = rest.split(".", 1)[0].split("[", 1)[0]
            if attribute not in known[base]:
                bad.append(f"{head}.{attribute}")
    return bad


# Around a reference in the rendered Markdown: start, the target's anchor, separator, the
# printed text, end. Private-use characters, so no clause text or value can mean them;
# markup.py turns each marked span into a run that refers to the article's heading.
REF_START, REF_SEP, REF_END = "\ue000", "\ue001", "\ue002"


class ArticleReference:
    """``article('exit-edegem')`` in a clause text: prints "artikel 14" / "artículo 14".

    Numbers come from the spec's final clause order, so a reference stays right when
    articles are added, dropped by a condition or reordered. Unknown ids are caught by
    ``check`` (see :func:`article_refs`), so at render time a miss is a bug, not input.
    With an ``anchor_prefix`` the text is marked as a reference to the heading anchored
    at ``<prefix><clause id>``, so the DOCX can make it a live cross-reference.
    """

    def __init__(self, numbers: dict[str, int], label: str, anchor_prefix: str = ""):
        self._numbers = numbers
        self._label = label
        self._prefix = anchor_prefix

    def __call__(self, clause_id: str) -> str:
        number = self._numbers.get(clause_id)
        if number is None:
            raise LookupError(f"article({clause_id!r}) names a clause that is not in this agreement")
        text = f"{self._label} {number}"
        if not self._prefix:
            return text
        return MarkedReference(f"{REF_START}{self._prefix}{clause_id}{REF_SEP}{text}{REF_END}")


class MarkedReference(str):
    """A reference already marked for markup.py; ``escape_markdown`` lets it through as it is.

    Its parts are safe to print: a clause id (letters, digits, hyphens), a label and a number.
    """


_NO_MARKS = {ord(c): None for c in (REF_START, REF_SEP, REF_END)}  # a value cannot forge a reference
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>()#+\-.!|~&])")


def escape_markdown(value: Any) -> str:
    """Make a value print literally inside CommonMark text."""
    if value is None:  # an optional variable left out prints as nothing
        return ""
    if isinstance(value, MarkedReference):
        return str(value)
    text = str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text.translate(_NO_MARKS))
    # A value must not end a paragraph or start a new block.
    return re.sub(r"\s*\n\s*", " ", text)


class Helper:
    """A function that rule expressions may call (``add_years(agreement.date, 6)``).

    The sandbox refuses every other call; a helper is a small pure function written in
    this package, which checks its own arguments and so cannot be made to run long.
    """

    def __init__(self, name: str, function: Callable[..., Any]):
        self.name = name
        self._function = function

    def __call__(self, *args: Any) -> Any:
        return self._function(*args)


# Sizes a clause text can never need; past them a shared text is attacking the machine.
MAX_INT_BITS = 4096
MAX_REPEAT = 100_000


class ClauseEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus limits on the operators that can exhaust memory or time.

    The stock sandbox stops attribute tricks but still computes ``10 ** 10 ** 10`` or
    ``'x' * 10 ** 9``; clause texts only print values and loop over spec lists, so the
    arithmetic they need is tiny. Jinja's helper globals (range, lipsum, cycler…) are
    removed for the same reason: loops run over spec data only.
    """

    intercepted_binops = frozenset({"**", "*", "%"})

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        # Methods like str.format or str.center can allocate without bound; clause texts
        # need none of them (filters do the little formatting they need).
        owner = getattr(__obj, "__self__", None)
        if not isinstance(__obj, Macro | ArticleReference | Helper) and not isinstance(owner, LoopContext):
            raise SecurityError("clause texts may not call functions or methods; use a filter such as | upper")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise SecurityError("printf-style formatting is not available in clause texts")
        if _int(left) and _int(right):
            bits = (
                abs(right) * abs(left).bit_length()
                if operator == "**"
                else abs(left).bit_length() + abs(right).bit_length()
            )
            if bits > MAX_INT_BITS:
                raise SecurityError(f"the result of {operator!r} is larger than clause texts may compute")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_REPEAT:
                    raise SecurityError("repetition result is larger than clause texts may produce")
        return super().call_binop(context, operator, left, right)


# Filters that cannot be made to allocate without bound (no width or count arguments).
SAFE_FILTERS = (
    "capitalize",
    "count",
    "d",
    "default",
    "first",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "sort",
    "title",
    "trim",
    "unique",
    "upper",
)


# Where the resolver leaves the locale of the text being filled. Not a name template syntax
# can write, so a clause text can neither read nor fake it.
LOCALE_KEY = "locale:"


@pass_context
def in_words_filter(context: Context, value: Any, gender: str = "m") -> str:
    """``{{ years | in_words }}`` → "zes (6)" / "seis (6)"; ``in_words('f')`` → "una (1)".

    Legal prose spells counts out and repeats the figure. The language is that of the text
    being rendered (the resolver puts its locale in the context), never the clause's choice;
    the gender is the counted noun's, which only Spanish marks ("un año", "una vez").
    """
    locale = context.get(LOCALE_KEY)
    if not isinstance(locale, str):
        raise LookupError("in_words needs the locale of the text it fills; render through the resolver")
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"in_words writes whole numbers in words, not {type(value).__name__} {value!r}")
    digits = str(value) if isinstance(value, FormattedInt) else format_integer(value, locale)
    return f"{in_words(int(value), locale.split('_')[0], gender)} ({digits})"


# Filters clause texts may use that are ours, not Jinja's.
OWN_FILTERS = {"in_words": in_words_filter}


@dataclass(frozen=True)
class FilterCall:
    """One ``| name(args)`` in a clause text, as the lints need it.

    ``args`` holds each positional argument's value when it is a literal, else ``NOT_LITERAL``;
    ``target`` is what the filter is applied to, written out (``duration_years``,
    ``parties[0].name``), or None when it is itself computed.
    """

    name: str
    line: int
    args: tuple[Any, ...]
    keywords: bool  # keyword, *args or **kwargs arguments, which no filter of ours takes
    target: str | None


NOT_LITERAL = object()


def filter_calls(text: str) -> list[FilterCall]:
    """Every filter a (parsable) text applies, in order, with its line in the text."""
    calls = []
    for node in parsed(text).find_all(nodes.Filter):
        args = tuple(a.value if isinstance(a, nodes.Const) else NOT_LITERAL for a in node.args)
        keywords = bool(node.kwargs) or node.dyn_args is not None or node.dyn_kwargs is not None
        calls.append(FilterCall(node.name, node.lineno, args, keywords, _chain(node.node)))
    return calls


def _chain(node: nodes.Node | None) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _chain(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _chain(node.node)
        return f"{base}[{node.arg.value!r}]" if base else None
    return None


def in_words_problem(call: FilterCall) -> str | None:
    """Why an ``in_words`` call cannot work, or None: at most one argument, a gender in quotes."""
    if call.keywords or len(call.args) > 1:
        return "in_words takes at most one argument, the gender of the counted noun: in_words('f')"
    if not call.args:
        return None
    gender = call.args[0]
    if gender is NOT_LITERAL or not isinstance(gender, str):
        return "in_words takes the gender in quotes: in_words('m') or in_words('f')"
    if gender not in GENDERS:
        return f"unknown gender {gender!r} for in_words; use 'm' (masculine, the default) or 'f' (feminine)"
    return None


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@cache
def environment() -> SandboxedEnvironment:
    """The one sandboxed environment used for every clause text."""
    env = ClauseEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown, escaped by `finalize`, not HTML
        finalize=escape_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS} | OWN_FILTERS
    return env


@lru_cache(maxsize=4096)
def parsed(text: str) -> nodes.Template:
    """The text's Jinja syntax tree, parsed once for every lint that reads it.

    A clause text is linted six ways (placeholders, expressions, references, syntax,
    structure, parity); each used to parse it again, most of the time a library takes to
    load. The trees are only read, never changed, so sharing them is safe; a text that does
    not parse raises its TemplateSyntaxError every time (errors are not cached).
    """
    return environment().parse(text)


def placeholders(text: str) -> set[str]:
    """Names a clause text reads from its context (variables and globals)."""
    return set(_undeclared(text))


@lru_cache(maxsize=4096)
def _undeclared(text: str) -> frozenset[str]:
    """Jinja finds them by running its code generator's tracking over the tree: once per text."""
    return frozenset(meta.find_undeclared_variables(parsed(text)))


@lru_cache(maxsize=1024)
def _compiled(expression: str, undefined_to_none: bool = True) -> Any:
    """A ``when:`` condition compiled to Python once, however many builds and lints read it.

    The compiled expression is only called, never changed; an expression that does not
    compile raises its TemplateSyntaxError every time (errors are not cached).
    """
    return environment().compile_expression(expression, undefined_to_none=undefined_to_none)


def expressions(text: str) -> set[str]:
    """Every value a text reads, written out in full: ``parties[0].short_name``, ``party.name``.

    Comparing these (not just top-level names) catches a Dutch text that names the first
    party where the Spanish names the second.
    """
    found: set[str] = set()

    def chain(node: nodes.Node) -> str | None:
        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, nodes.Getattr):
            base = chain(node.node)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = chain(node.node)
            if base is None:
                return None
            if isinstance(node.arg, nodes.Const):
                return f"{base}[{node.arg.value!r}]"
            visit(node.arg)
            return f"{base}[…]"
        return None

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            name = chain(node)
            if name is not None:
                if not (isinstance(node, nodes.Name) and node.ctx == "store"):
                    found.add(name)
                return
        for child in node.iter_child_nodes():
            visit(child)

    visit(parsed(text))
    return found


def article_refs(text: str) -> list[tuple[str | None, int]]:
    """Clause ids named by ``article(...)`` calls, with their line in the text.

    The id must be a literal string (None otherwise), so ``check`` can verify every
    reference against the spec before anything is rendered.
    """
    refs = []
    for call in parsed(text).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "article":
            arg = call.args[0] if len(call.args) == 1 and not call.kwargs else None
            value = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
            refs.append((value, call.lineno))
    return refs


def condition_error(expression: str) -> str | None:
    """Why a ``when:`` condition cannot be compiled, or None if it can."""
    try:
        _compiled(expression)
    except TemplateSyntaxError as exc:
        return exc.message or str(exc)
    return None


def condition_names(expression: str) -> set[str]:
    """Top-level names a ``when:`` condition reads."""
    return placeholders("{{ " + expression + " }}")


def evaluate_condition(expression: str, context: dict[str, Any]) -> bool:
    """Evaluate a ``when:`` condition in the sandbox (errors propagate to the caller)."""
    return bool(_compiled(expression, undefined_to_none=False)(**context))


def syntax_error(text: str) -> TemplateSyntaxError | None:
    """The first template syntax error in ``text``, or None."""
    try:
        parsed(text)
    except TemplateSyntaxError as exc:
        return exc
    return None


def structure(text: str) -> list[str]:
    """Control-flow outline (for/if tags) so nl and es can be compared for shape."""
    tree = parsed(text)
    return [type(n).__name__ for n in tree.find_all((nodes.For, nodes.If))]
