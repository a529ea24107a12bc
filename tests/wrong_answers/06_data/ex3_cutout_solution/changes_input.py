# Changes X in place: reshape returns a view, and there is no copy.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8)
    for image in images:
        top, left = rng.integers(0, 8 - size + 1, size=2)
        image[top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
