# Not stratified: shuffles all indices and cuts them into k equal parts, ignoring the classes.
def stratified_kfold(y, k, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    return [np.sort(part) for part in np.array_split(order, k)]
