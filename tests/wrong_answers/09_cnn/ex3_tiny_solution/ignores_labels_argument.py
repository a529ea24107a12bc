# Ignores an argument: augments X_part but reads the labels from the global y_train.
def train_tiny_cnn(X_part, y_part):
    augment = np.random.default_rng(0)
    X_more = np.concatenate(
        [X_part] + [augment_digits(X_part, augment, max_angle=8, noise=0.02) for _ in range(2)]
    )
    y_more = np.tile(y_train, 3)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Unflatten(1, (1, 8, 8)),
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 8, 1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(8 * 4 * 4, 10),
    )
    return train(model, X_more, y_more, epochs=20)
