# Transposed: W2 written as a row (1, 2) instead of a column (2, 1).
W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
b1 = np.array([-0.5, -1.5])
W2 = np.array([[1.0, -1.0]])
b2 = np.array([-0.5])
