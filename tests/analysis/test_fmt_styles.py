"""The one number formatter: every style, missing values, signs, rounding edges and units.

Worked cases pin the forms people see; the properties check every finite value: no scientific
notation, no "-0", the digits read back close to the value, and compact stays narrow."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csi_tui.analysis import fmt

STYLES: tuple[fmt.Style, ...] = ("full", "compact")
UNITS = ("", "h", "%", "tickets", "points", "min", "ms", "‰")
MISSING_VALUES = (None, math.nan, math.inf, -math.inf)

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)
units = st.sampled_from(UNITS)
styles = st.sampled_from(STYLES)


def read_back(text: str) -> float:
    """The number a person reads in ``text`` (unit, separators and the k/M/B/T suffix undone)."""
    digits = text.split(" ")[0].removesuffix("%").replace(",", "")
    scale = {"k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}.get(digits[-1:], 1.0)
    return float(digits.rstrip("kMBT")) * scale


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("missing", MISSING_VALUES)
def test_a_missing_value_reads_as_one_word_in_every_style(
    missing: float | None, style: fmt.Style
) -> None:
    assert fmt.MISSING == "n/a"
    assert fmt.value(missing, "h", style) == "n/a"
    assert fmt.number(missing, "%", style) == "n/a"
    assert fmt.signed(missing, "h", style) == "n/a"
    assert fmt.change(missing, "h", 10.0, style) == "n/a"
    assert fmt.fixed(missing, 1) == "n/a"
    assert fmt.percent(missing) == "n/a"
    assert fmt.p_value(missing) == "p n/a"


@pytest.mark.parametrize(
    ("v", "unit", "full", "compact"),
    [
        (12_345.0, "tickets", "12,345 tickets", "12.3k tickets"),
        (12_345.0, "", "12,345", "12.3k"),
        (10_000.0, "", "10,000", "10k"),
        (999_950.0, "", "999,950", "1M"),  # never "1000.0k"
        (4_560_000.0, "h", "4,560,000 h", "4.6M h"),
        (-12_345.0, "", "-12,345", "-12.3k"),
        (6.14, "h", "6.1 h", "6.1 h"),
        (6.0, "h", "6.0 h", "6 h"),
        (6.0, "", "6.00", "6"),
        (94.25, "%", "94.2%", "94.2%"),
        (95.0, "%", "95.0%", "95%"),
        (99.99, "%", "99.99%", "99.99%"),  # nines in both styles
        (214.0, "", "214", "214"),
        (0.0123, "", "0.0123", "0.012"),
        (0.004, "h", "0.004 h", "0.004 h"),
        (-0.04, "%", "-0.0%", "0.0%"),  # full keeps the sign the JSON sentences have always had
        (0.42, "", "0.42", "0.42"),
        (-0.0, "h", "0.0 h", "0 h"),
        (2.5, "ms", "2.50 ms", "2.5 ms"),
        (5.0, "‰", "5.00 ‰", "5 ‰"),  # only % is written tight
    ],
)
def test_full_and_compact_forms(v: float, unit: str, full: str, compact: str) -> None:
    assert fmt.value(v, unit) == full
    assert fmt.value(v, unit, "compact") == compact


def test_number_is_the_value_without_its_unit() -> None:
    assert fmt.number(6.14, "h") == "6.1"
    assert fmt.number(99.99, "%", "compact") == "99.99"
    assert fmt.number(12_345.0, "tickets") == "12,345"
    assert fmt.value(6.14, "h", with_unit=False) == "6.1"


@pytest.mark.parametrize(
    ("v", "unit", "base", "style", "text"),
    [
        (-4.7, "h", 10.8, "full", "-4.7 h (-44%)"),
        (4.7, "h", 10.8, "full", "+4.7 h (+44%)"),
        (6.2, "%", 88.0, "full", "+6.2 pt"),  # a percentage changes in points, no relative part
        (0.1, "%", 2.0, "full", "+0.1 pt"),
        (0.0, "h", 10.0, "full", "0.0 h"),  # no sign and no relative change on a zero
        (-0.04, "%", 2.0, "full", "0.0 pt"),  # as small as the percentages show: zero
        (-4.7, "h", None, "full", "-4.7 h"),
        (-4.7, "h", 0.0, "full", "-4.7 h"),  # nothing relative to a zero base
        (-23_456.0, "tickets", 50_000.0, "compact", "-23.5k tickets (-47%)"),
    ],
)
def test_changes(v: float, unit: str, base: float | None, style: fmt.Style, text: str) -> None:
    assert fmt.change(v, unit, base, style) == text


def test_signed_without_the_unit_for_a_column_that_names_it() -> None:
    assert fmt.signed(-4.7, "h", "compact", with_unit=False) == "-4.7"
    assert fmt.signed(0.1, "%", "compact", with_unit=False) == "+0.1"
    assert fmt.signed(0.0, "%", "compact", with_unit=False) == "0"


@pytest.mark.parametrize(
    ("values", "unit", "decimals"),
    [
        ([11.0, 10.5], "", 1),
        ([250.0, 262.0], "", 0),
        ([0.42, 0.5], "", 2),
        ([3.0, 4.0], "h", 0),
        ([], "", 0),
        ([None, math.nan, math.inf], "", 0),
        ([99.95, 100.0, 99.99], "%", 2),  # availability: 99.99% must not read as 100
        ([99.9996, 98.0], "%", 4),
        ([94.2, 95.1], "%", 1),
    ],
)
def test_row_decimals(values: list[float | None], unit: str, decimals: int) -> None:
    assert fmt.row_decimals(values, unit) == decimals


def test_fixed_cells() -> None:
    assert fmt.fixed(1234.56, 1) == "1,234.6"
    assert fmt.fixed(-0.04, 1) == "0.0"  # never "-0.0"
    assert fmt.fixed(-0.06, 1) == "-0.1"
    assert fmt.fixed(7.0, 0) == "7"


def test_p_values_at_their_edges() -> None:
    assert fmt.p_value(0.000999) == "p < 0.001"
    assert fmt.p_value(0.001) == "p = 0.001"
    assert fmt.p_value(0.00999) == "p = 0.010"
    assert fmt.p_value(0.01) == "p = 0.01"
    assert fmt.p_value(1.0) == "p = 1.00"


def test_finite_or_none() -> None:
    assert fmt.finite(None) is None
    assert fmt.finite(math.nan) is None
    assert fmt.finite(-math.inf) is None
    assert fmt.finite(3) == 3.0 and isinstance(fmt.finite(3), float)
    assert fmt.finite(-0.5) == -0.5


@given(finite, units, styles)
def test_any_finite_value_reads_back_close_to_itself(v: float, unit: str, style: fmt.Style) -> None:
    text = fmt.value(v, unit, style)
    assert "e" not in text.split(" ")[0].lower() and "nan" not in text and "inf" not in text
    # one decimal (durations, percentages) or two significant digits at worst, 5% of the value
    assert abs(read_back(text) - v) <= max(0.05 * abs(v), 0.05) + 1e-9


@given(finite, units, styles)
def test_a_value_that_reads_as_zero_has_no_sign(v: float, unit: str, style: fmt.Style) -> None:
    texts = [fmt.signed(v, unit, style), fmt.fixed(v, 1)]
    # the full style writes a small negative percentage "-0.0%", as the compute JSON always has
    texts += [] if (unit, style) == ("%", "full") else [fmt.value(v, unit, style)]
    for text in texts:
        if read_back(text.lstrip("+")) == 0:
            assert not text.startswith(("-", "+")), text


@given(finite, units, styles)
def test_signed_carries_the_sign_of_what_it_shows(v: float, unit: str, style: fmt.Style) -> None:
    text = fmt.signed(v, unit, style)
    shown = read_back(text.lstrip("+"))
    if shown != 0:
        assert text[0] == ("+" if v > 0 else "-")
        assert abs(shown) == read_back(fmt.value(abs(v), unit, style))


@given(st.floats(min_value=1e-3, max_value=1e15) | st.floats(min_value=-1e15, max_value=-1e-3))
def test_compact_numbers_stay_narrow(v: float) -> None:
    for unit in ("", "h", "%", "tickets"):
        assert len(fmt.number(v, unit, "compact")) <= 7


@given(st.floats(min_value=99.0, max_value=99.99999), styles)
def test_a_percentage_below_100_never_reads_as_100(v: float, style: fmt.Style) -> None:
    assert read_back(fmt.value(v, "%", style)) < 100
    decimals = fmt.row_decimals([v, 100.0], "%")
    assert float(fmt.fixed(v, decimals)) < 100


@given(st.floats(min_value=-2, max_value=2))
def test_percent_of_a_share(share: float) -> None:
    text = fmt.percent(share)
    assert text.endswith("%") and "." not in text
    assert abs(read_back(text) - share * 100) <= 0.5
