# Returns probabilities, not logits: a sigmoid on the output makes every "logit" positive.
torch.manual_seed(0)
_net = MLP([2, 32, 32, 1], activation="tanh")
train_classifier(_net, X_moons, y_moons, epochs=500, lr=0.01)
moons_model = nn.Sequential(_net, nn.Sigmoid())
