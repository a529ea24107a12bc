# Too little training: a wider model, but 5 epochs leave it worse than the section's model.
torch.manual_seed(0)
my_autoencoder = train_autoencoder(Autoencoder([64, 128, 8]), X_train, X_train, epochs=5)
