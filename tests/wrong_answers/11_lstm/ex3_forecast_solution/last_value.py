# The naive forecast: the last value of the window, six steps too early on a cycle of 24.
def forecast_6(windows):
    return np.asarray(windows, dtype=float)[:, -1]
