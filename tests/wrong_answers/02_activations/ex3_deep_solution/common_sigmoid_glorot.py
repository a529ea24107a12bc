# Changes only the initialisation: sigmoid with Glorot weights still saturates and vanishes.
def build_deep_model():
    return initialise(MLP([2] + [32] * 11 + [1], activation="sigmoid"), "sigmoid")


deep_lr = 0.01
