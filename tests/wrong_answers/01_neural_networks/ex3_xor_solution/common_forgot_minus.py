# Sign error: adds the AND unit instead of subtracting it (OR and AND, not OR and not AND).
W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
b1 = np.array([-0.5, -1.5])
W2 = np.array([[1.0], [1.0]])
b2 = np.array([-0.5])
