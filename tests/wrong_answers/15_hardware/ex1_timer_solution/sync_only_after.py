# Synchronises after each call but not before starting the clock: the warm-up's queued work lands in the first duration.
def timed(fn, synchronize, warmup, repeats, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeats):
        start = clock()
        fn()
        synchronize()
        durations.append(clock() - start)
    return durations
