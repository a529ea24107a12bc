# Times all the repeats as one block and returns the average for each: the spread between calls is lost.
def timed(fn, synchronize, warmup, repeats, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    synchronize()
    start = clock()
    for _ in range(repeats):
        fn()
    synchronize()
    return [(clock() - start) / repeats] * repeats
