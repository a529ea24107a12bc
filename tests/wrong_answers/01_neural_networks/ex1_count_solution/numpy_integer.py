# Wrong type: returns a NumPy integer, not the Python int the exercise asks for.
import numpy as np


def count_mlp_parameters(sizes):
    sizes = np.array(sizes)
    return np.sum((sizes[:-1] + 1) * sizes[1:])
