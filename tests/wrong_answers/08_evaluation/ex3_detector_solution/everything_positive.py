# Reaches full recall by calling everything positive: the precision collapses.
def fit_screening_detector(X, y):
    return lambda X_new: np.ones(len(X_new), dtype=int)
