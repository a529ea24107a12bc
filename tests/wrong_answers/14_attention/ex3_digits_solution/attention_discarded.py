# The attention is computed but its output is thrown away: the prediction comes from the raw pixels.
class DigitModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        attended, _ = self.attention(x, x, x)  # noqa: F841
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
