# Right on the corners only: thresholds just below 1 and 2, so points near a corner flip.
W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
b1 = np.array([-0.95, -1.95])
W2 = np.array([[1.0], [-1.0]])
b2 = np.array([-0.5])
