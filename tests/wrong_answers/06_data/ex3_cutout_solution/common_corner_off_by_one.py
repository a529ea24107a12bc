# Off by one: rng.integers excludes its upper bound, so the last row and column of corners are never used.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8).copy()
    for image in images:
        top, left = rng.integers(0, 8 - size, size=2)
        image[top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
