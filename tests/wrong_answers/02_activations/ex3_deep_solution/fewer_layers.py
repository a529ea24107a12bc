# Gives up the depth: a 3-layer ReLU network learns easily but breaks the 12-layer rule.
def build_deep_model():
    return initialise(MLP([2, 32, 32, 1], activation="relu"), "relu")


deep_lr = 0.01
