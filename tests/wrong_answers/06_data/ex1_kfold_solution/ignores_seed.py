# Ignores an argument: always shuffles with seed 0, so every seed gives the same folds.
def stratified_kfold(y, k, seed):
    shuffle = np.random.default_rng(0)
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = shuffle.permutation(np.flatnonzero(y == c))
        for j, i in enumerate(members):
            folds[j % k].append(i)
    return [np.array(sorted(f), dtype=int) for f in folds]
