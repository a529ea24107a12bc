# Ignores the rng argument: draws from NumPy's global generator, so the seed does not fix the result.
def cutout(X, size, rng):
    images = X.reshape(-1, 8, 8).copy()
    for image in images:
        top, left = np.random.randint(0, 8 - size + 1, size=2)
        image[top : top + size, left : left + size] = 0.0
    return images.reshape(X.shape)
