import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from agreement_builder.kinds.agreement.clausetext import environment, escape_markdown, placeholders


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ parties.__len__() }}",
        "{{ 10 ** 100000000 }}",
        "{{ ((10 ** 60) ** 60) ** 60 }}",
        "{% set a = 2 ** 4000 %}{{ a * a }}",
        "{{ 'x' * 1000000000 }}",
        "{% set _ = parties.append(1) %}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ '%0999999999d' % 1 }}",
    ],
)
def test_hostile_expressions_are_refused(text):
    with pytest.raises(SecurityError):
        environment().from_string(text).render(parties=[])


def test_helper_globals_are_gone_so_loops_run_over_spec_data_only():
    with pytest.raises((UndefinedError, SecurityError)):
        environment().from_string("{% for i in range(10) %}{{ i }}{% endfor %}").render()
    assert placeholders("{% for i in range(3) %}{{ i }}{% endfor %}") == {"range"}


def test_values_print_literally_in_markdown():
    out = environment().from_string("{{ v }}").render(v="*a* [x](y)\n\n# h")
    assert out == escape_markdown("*a* [x](y)\n\n# h")
    assert "\n" not in out and out.startswith("\\*a\\*")


def test_unbounded_filters_are_not_available():
    from jinja2.exceptions import TemplateAssertionError

    with pytest.raises(TemplateAssertionError):
        environment().from_string("{{ 'x' | center(1000000000) }}")


def test_loops_and_safe_filters_still_work():
    text = "{% for p in parties %}{{ loop.index }}. {{ p | upper }}{{ loop.cycle(';', '.') }} {% endfor %}"
    assert environment().from_string(text).render(parties=["a", "b"]) == "1. A; 2. B\\. "


def test_in_words_writes_the_count_in_the_language_of_the_text_it_fills():
    from agreement_builder.core.values import FormattedInt
    from agreement_builder.kinds.agreement.clausetext import LOCALE_KEY

    text = "{{ years | in_words }} {{ times | in_words('f') }} {{ big | in_words }} {{ parties | length | in_words }}"
    template = environment().from_string(text)
    values = {"years": FormattedInt(6, "6"), "times": 21, "big": FormattedInt(25000, "25.000"), "parties": [1, 2]}
    # The brackets are escaped for Markdown, like every printed value.
    assert template.render({LOCALE_KEY: "nl_BE", **values}) == (
        "zes \\(6\\) eenentwintig \\(21\\) vijfentwintigduizend \\(25\\.000\\) twee \\(2\\)"
    )
    assert template.render({LOCALE_KEY: "es_NI", **values}) == (
        "seis \\(6\\) veintiuna \\(21\\) veinticinco mil \\(25\\.000\\) dos \\(2\\)"
    )
    # A plain number gets its figures from the locale, as a FormattedInt would.
    assert environment().from_string("{{ 25000 | in_words }}").render({LOCALE_KEY: "es_GT"}).endswith("\\(25,000\\)")


def test_in_words_refuses_what_is_no_count_and_a_render_without_a_language():
    from agreement_builder.kinds.agreement.clausetext import LOCALE_KEY

    with pytest.raises(TypeError, match="in_words writes whole numbers in words, not str"):
        environment().from_string("{{ v | in_words }}").render({LOCALE_KEY: "nl_BE", "v": "€ 5.000,00"})
    with pytest.raises(LookupError, match="in_words needs the locale"):
        environment().from_string("{{ 3 | in_words }}").render()


def test_a_condition_compiled_once_is_evaluated_afresh_in_each_context():
    """Conditions are compiled once per process; each evaluation still reads its own values."""
    from agreement_builder.kinds.agreement import clausetext

    expression = "duration_years > 4 and exit_notice_months >= 6"
    before = clausetext._compiled.cache_info().misses
    assert clausetext.evaluate_condition(expression, {"duration_years": 6, "exit_notice_months": 6})
    assert not clausetext.evaluate_condition(expression, {"duration_years": 3, "exit_notice_months": 6})
    assert clausetext._compiled.cache_info().misses - before <= 1, "compiled once"
    for _ in range(2):  # a broken condition is refused every time, not cached as good
        assert clausetext.condition_error("duration_years >") is not None
    assert clausetext.placeholders("{{ a }} {{ b.c }}") == {"a", "b"}
    clausetext.placeholders("{{ a }}").add("changed")  # a caller's copy: the next caller gets its own
    assert clausetext.placeholders("{{ a }}") == {"a"}
