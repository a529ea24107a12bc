# Wrong mean: centres X with its own mean instead of the mean of X_fit (right only when they agree).
def pca_reconstruct(X_fit, X, k):
    _, _, vt = np.linalg.svd(X_fit - X_fit.mean(axis=0), full_matrices=False)
    components = vt[:k]
    mean = X.mean(axis=0)
    return (X - mean) @ components.T @ components + mean
