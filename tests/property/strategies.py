"""What a clerk, another program or an attacker may put where the app reads data."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

# Characters that matter to the number, money and text rules, and any others.
_SPECIAL = ["тис.", "грн", "NaN", "inf", "Infinity", "1e9999999", "9" * 30, "²", "١٢", "\ud800"]
_NUMBERISH = st.sampled_from([*(string.digits + " ,.-–—+eE\u00a0\u202f\u2009\t\n"), *_SPECIAL])
number_text = st.one_of(
    st.lists(_NUMBERISH, max_size=12).map("".join),
    st.text(max_size=40),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(repr),
)
any_text = st.one_of(st.text(max_size=200), st.text(alphabet=st.characters(), max_size=60))

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    number_text,
)
json_value = st.recursive(
    json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
    ),
    max_leaves=20,
)
cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    number_text,
    any_text,
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.dates(),
    st.times(),
    st.timedeltas(),
)
