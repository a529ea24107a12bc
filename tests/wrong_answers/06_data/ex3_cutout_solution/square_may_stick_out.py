# Corners drawn over the whole image: squares near the edge are cut off and smaller than size x size.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8).copy()
    for image in images:
        top, left = rng.integers(0, 8, size=2)
        image[top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
