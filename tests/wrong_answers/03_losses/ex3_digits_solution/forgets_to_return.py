# Forgets the return statement: trains a good model and returns None.
def train_digits_model():
    model = MLP([64, 64, 10], activation="tanh")
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(20):
        optimizer.zero_grad()
        F.cross_entropy(model(X_train_t), y_train_t).backward()
        optimizer.step()
