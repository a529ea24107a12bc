# An attention layer that is never called: the model is an MLP on the flattened pixels with attention beside it.
class DigitModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.mlp(x)


torch.manual_seed(0)
digit_transformer = DigitModel()
history = fit(
    digit_transformer,
    tensor_loader(X_train, y_train, batch_size=32, shuffle=True),
    nn.CrossEntropyLoss(),
    torch.optim.Adam(digit_transformer.parameters(), lr=2e-3),
    epochs=25,
    progress=False,
)
