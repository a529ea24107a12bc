# Draws one corner for the whole batch instead of one per image.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8).copy()
    top, left = rng.integers(0, 8 - size + 1, size=2)
    images[:, top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
