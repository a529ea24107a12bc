# Early stopping alone, the best single method of section 7.3 on the validation loss: not enough.
torch.manual_seed(0)
small_data_model = big_network()
fit(
    small_data_model,
    loader(X_small, y_small, batch_size=150, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(small_data_model.parameters(), lr=1e-3),
    epochs=200,
    val_loader=loader(X_val, y_val, batch_size=360),
    patience=20,
    progress=False,
)
small_data_model.eval()
