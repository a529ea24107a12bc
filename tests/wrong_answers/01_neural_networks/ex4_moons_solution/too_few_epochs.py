# Stops too early: 30 small steps leave the network far from a good boundary.
torch.manual_seed(0)
moons_model = MLP([2, 32, 32, 1], activation="tanh")
moons_losses = train_classifier(moons_model, X_moons, y_moons, epochs=30, lr=0.001)
