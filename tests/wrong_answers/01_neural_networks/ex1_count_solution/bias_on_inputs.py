# Off by one: gives each layer one bias per input unit instead of one per output unit.
def count_mlp_parameters(sizes):
    return int(sum(n_in * n_out + n_in for n_in, n_out in zip(sizes[:-1], sizes[1:])))
