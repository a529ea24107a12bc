# Uneven: gives each fold len(class) // k members of a class and puts the whole remainder in the last.
def stratified_kfold(y, k, seed):
    shuffle = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = shuffle.permutation(np.flatnonzero(y == c))
        per_fold = len(members) // k
        for j in range(k):
            end = (j + 1) * per_fold if j < k - 1 else len(members)
            folds[j].extend(members[j * per_fold : end])
    return [np.array(sorted(f), dtype=int) for f in folds]
