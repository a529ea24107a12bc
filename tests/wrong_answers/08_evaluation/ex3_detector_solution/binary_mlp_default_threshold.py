# An MLP on the imbalanced labels at threshold 0.5, as in section 8.3: recall stays too low.
def fit_screening_detector(X, y):
    torch.manual_seed(0)
    model = MLP([64, 64, 2])
    train_full_batch(model, X, y, nn.CrossEntropyLoss(), epochs=300, lr=0.01)

    def predict(X_new):
        with torch.no_grad():
            return model(torch.tensor(X_new, dtype=torch.float32)).argmax(dim=1).numpy()

    return predict
