# No model: returns the seasonal naive forecast itself, which cannot be 20% below itself.
def forecast_6(windows):
    return np.asarray(windows, dtype=float)[:, 6 - 1 - 24]
