# Forgets model.eval(): dropout stays on when the model is evaluated.
torch.manual_seed(0)
small_data_model = big_network(p_drop=0.5)
fit(
    small_data_model,
    loader(X_small, y_small, batch_size=150, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(small_data_model.parameters(), lr=1e-3),
    epochs=300,
    progress=False,
)
