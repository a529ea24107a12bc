# Misplaced threshold: the AND unit fires for sums above 0.9, on (0, 1) and (1, 0) like OR.
W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
b1 = np.array([-0.5, -0.9])
W2 = np.array([[1.0], [-1.0]])
b2 = np.array([-0.5])
