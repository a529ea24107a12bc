# Ignores its argument: forecasts the mean of the training series for every window.
_mean6 = float(np.mean(series[:n_train]))


def forecast_6(windows):
    return np.full(len(windows), _mean6)
