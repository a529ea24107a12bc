# Breaks the budget: 100 steps of section 3.6's settings reach 95%, but the limit is 20.
def train_digits_model():
    model = MLP([64, 32, 10], activation="tanh")
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    for _ in range(100):
        optimizer.zero_grad()
        F.cross_entropy(model(X_train_t), y_train_t).backward()
        optimizer.step()
    return model
