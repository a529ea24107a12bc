# Off by one: drops the len(class) % k members left over after equal shares, so indices go missing.
def stratified_kfold(y, k, seed):
    shuffle = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = shuffle.permutation(np.flatnonzero(y == c))
        per_fold = len(members) // k
        for j in range(k):
            folds[j].extend(members[j * per_fold : (j + 1) * per_fold])
    return [np.array(sorted(f), dtype=int) for f in folds]
