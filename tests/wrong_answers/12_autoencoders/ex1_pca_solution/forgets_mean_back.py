# Missing term: centres and projects correctly but does not add the mean back.
def pca_reconstruct(X_fit, X, k):
    mean = X_fit.mean(axis=0)
    _, _, vt = np.linalg.svd(X_fit - mean, full_matrices=False)
    components = vt[:k]
    return (X - mean) @ components.T @ components
