"""Hypothesis strategies shared by the property tests."""

from hypothesis import strategies as st

sides = st.sampled_from(["long", "short"])
bases = st.sampled_from(["mark", "entry"])
contracts = st.sampled_from(["linear", "inverse"])
prices = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
quantities = st.floats(min_value=1e-3, max_value=1e5, allow_nan=False, allow_infinity=False)
mmrs = st.floats(min_value=0.0, max_value=0.1, allow_nan=False)
fee_rates = st.floats(min_value=0.0, max_value=0.002, allow_nan=False)


@st.composite
def leverage_below_maintenance(draw, mmr, fee_rate=0.0):
    """A leverage in [1, 0.99 / (mmr + fee_rate)) whose initial margin exceeds maintenance."""
    ceiling = min(125.0, 0.99 / (mmr + fee_rate)) if mmr + fee_rate > 0 else 125.0
    return draw(st.floats(min_value=1.0, max_value=max(1.0, ceiling)))


@st.composite
def isolated_positions(draw):
    """An isolated position: side, basis, contract, entry, qty, mmr, fee_rate, leverage."""
    mmr = draw(mmrs)
    fee_rate = draw(fee_rates)
    return dict(
        side=draw(sides),
        basis=draw(bases),
        contract=draw(contracts),
        entry=draw(prices),
        qty=draw(quantities),
        mmr=mmr,
        fee_rate=fee_rate,
        leverage=draw(leverage_below_maintenance(mmr, fee_rate)),
    )
