# Missing term: takes the SVD of X_fit without subtracting its mean, and never adds a mean back.
def pca_reconstruct(X_fit, X, k):
    _, _, vt = np.linalg.svd(X_fit, full_matrices=False)
    components = vt[:k]
    return X @ components.T @ components
