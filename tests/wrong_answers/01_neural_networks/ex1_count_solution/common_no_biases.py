# Missing term: counts the weights and forgets the biases.
def count_mlp_parameters(sizes):
    return int(sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))
