# Right on PCA only: section 12.1's recipe again (another seed), which beats PCA but not the bar.
torch.manual_seed(1)
my_autoencoder = train_autoencoder(Autoencoder([64, 32, 8]), X_train, X_train, epochs=60, seed=1)
