# No synchronisation: the clock stops while the device's work is still queued, so it times the launch.
def timed(fn, synchronize, warmup, repeats, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeats):
        start = clock()
        fn()
        durations.append(clock() - start)
    return durations
