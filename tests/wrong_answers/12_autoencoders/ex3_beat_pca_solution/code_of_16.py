# Ignores the size limit: a 16-number code rebuilds well but is not an 8-number code.
torch.manual_seed(0)
my_autoencoder = train_autoencoder(Autoencoder([64, 64, 16]), X_train, X_train, epochs=10)
