# No hidden layer: a linear model (logistic regression) draws one straight boundary.
torch.manual_seed(0)
moons_model = MLP([2, 1])
moons_losses = train_classifier(moons_model, X_moons, y_moons, epochs=500, lr=0.01)
