# The unregularised baseline of section 7.3: its validation loss is too high.
torch.manual_seed(0)
small_data_model = big_network()
fit(
    small_data_model,
    loader(X_small, y_small, batch_size=150, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(small_data_model.parameters(), lr=1e-3),
    epochs=200,
    progress=False,
)
small_data_model.eval()
