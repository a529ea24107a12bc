# Off by one: the first timed call is counted as the last warm-up call, so one call too few runs.
def timed(fn, synchronize, warmup, repeats, clock=time.perf_counter):
    for _ in range(max(warmup - 1, 0)):
        fn()
    durations = []
    for _ in range(repeats):
        synchronize()
        start = clock()
        fn()
        synchronize()
        durations.append(clock() - start)
    return durations
