"""Misconceptions lesson 09 (cascades) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = (
    (
        "cascade_ignores_feedback",
        "Only the positions the first shock reaches are liquidated.",
        "The liquidations' own selling moves the price too, and can reach the next cluster. "
        "Follow the feedback: after each cluster sells, check whether the new price reaches "
        "the next level, and go on until it does not.",
    ),
    (
        "every_cluster_fires",
        "Once a cascade starts, every cluster below is liquidated.",
        "A cluster sells only if the price reaches its level. After each step compare the new "
        "price with the next level: where the price stays above it, the cascade stops, and "
        "the clusters below it are never sold.",
    ),
    (
        "cascade_linear",
        "Half the price impact means half the fall.",
        "A cascade is a chain of thresholds, not a straight line: with less impact per unit "
        "the price may stop above the next cluster, and then everything below it is spared. "
        "Run the cascade again with the new impact instead of scaling the old fall.",
    ),
    (
        "mean_for_median",
        "The mark price is the average of the venues' prices.",
        "That is the mean, which one venue's crash drags down with it. The mark here is the "
        "median: sort the venues' prices and take the middle one, so one outlier cannot move it.",
    ),
    (
        "ratio_inverted",
        "The under-reporting factor is what was shown over what happened.",
        "That is upside down: the share of the liquidations the aggregators showed. The factor "
        "asks how many times larger the real total was: the exchange's own total divided by "
        "the aggregated one.",
    ),
)
