# Wrong axis: one minimum and maximum over the whole array instead of one per feature.
def min_max_scale(train, other):
    low, high = train.min(), train.max()
    return (train - low) / (high - low), (other - low) / (high - low)
