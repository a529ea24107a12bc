# Stops too early: one epoch of training leaves the transformer far from the required accuracy.
torch.manual_seed(0)
digit_transformer = TransformerEncoderModel(8, 10, d_model=32, num_heads=4, num_layers=2, d_ff=64)
history = fit(
    digit_transformer,
    tensor_loader(X_train, y_train, batch_size=32, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(digit_transformer.parameters(), lr=2e-3),
    epochs=1,
    progress=False,
)
