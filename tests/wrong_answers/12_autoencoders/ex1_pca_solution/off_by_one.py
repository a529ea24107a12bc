# Off by one: skips the first singular vector and keeps vectors 1..k instead of 0..k-1.
def pca_reconstruct(X_fit, X, k):
    mean = X_fit.mean(axis=0)
    _, _, vt = np.linalg.svd(X_fit - mean, full_matrices=False)
    components = vt[1 : k + 1]
    return (X - mean) @ components.T @ components + mean
