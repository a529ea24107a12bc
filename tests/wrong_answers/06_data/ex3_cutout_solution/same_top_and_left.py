# Not uniform: draws one number for both top and left, so only corners on the diagonal are used.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8).copy()
    for image in images:
        top = left = rng.integers(0, 8 - size + 1)
        image[top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
