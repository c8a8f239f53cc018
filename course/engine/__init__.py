"""The margin engine: pure, vectorised, typed formulas, one idea per module.

The lowest layer: it imports NumPy and pandas only (no altair, ipywidgets or IPython), and
nothing else of the course. `course.margin` is its public façade; lessons and the layers
above import the engine's functions from there or from these modules:

* `validation`: element-wise range checks, one message format, the shared types;
* `balance`: notional, margins, ROE and margin ratio (and re-exports `pnl` and `account`);
* `pnl`: unrealised PnL of one position;
* `account`: effective leverage and the gain that undoes a loss;
* `liquidation`: liquidation prices of one position (and re-exports `bankruptcy`);
* `bankruptcy`: the price where a position's equity reaches zero;
* `tiers`: tiered maintenance margin and the self-consistent bracket;
* `cross`: several positions sharing one wallet;
* `fund`: the liquidation fee, the insurance fund's gain or loss, the shortfall;
* `adl`: the auto-deleveraging score and the haircuts that socialise a shortfall;
* `clearing`: a book of accounts and one liquidation step, as a ledger that sums to zero;
* `sizing`: position size from risk and stop, safe leverage;
* `orderbook`: walking an order book, VWAP and slippage;
* `crashes`: adverse moves, maximum drawdown, the leverage that survives a low;
* `pretrade_checks` and `pretrade`: the five rules of a pre-trade check, its verdict and codes;
* `costs`: trading fees per trade, break-even, funding per interval;
* `margin_changes`: the liquidation price after funding, or margin added or removed;
* `portfolio`: two positions' sigma and parametric VaR, a joint shock to a cross account;
* `cascade`: liquidation cascades, clusters and price impact;
* `venues`: a book swept from one price to another, the mark across venues, a stop's fill;
* `feeds`: what a throttled liquidation stream shows.

Every function returns a ``float`` for all-scalar input, else a NumPy array, or a pandas
Series when one came in (the `Result` type of `validation`).
"""
