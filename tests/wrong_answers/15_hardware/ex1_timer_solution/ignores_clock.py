# Ignores the clock argument and always reads time.perf_counter, so a device's own clock is never used.
def timed(fn, synchronize, warmup, repeats, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeats):
        synchronize()
        start = time.perf_counter()
        fn()
        synchronize()
        durations.append(time.perf_counter() - start)
    return durations
