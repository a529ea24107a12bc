# Transposed: takes the first k columns of vt instead of its first k rows (the singular vectors).
def pca_reconstruct(X_fit, X, k):
    mean = X_fit.mean(axis=0)
    _, _, vt = np.linalg.svd(X_fit - mean, full_matrices=False)
    components = vt[:, :k].T
    return (X - mean) @ components.T @ components + mean
