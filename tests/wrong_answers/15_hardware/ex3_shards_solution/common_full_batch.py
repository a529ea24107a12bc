# Ignores the shares: returns the gradient of the whole batch, which differs once a layer uses batch statistics.
def averaged_shard_gradients(model, X, y, world_size):
    if len(X) % world_size:
        raise ValueError(f"a batch of {len(X)} does not split into {world_size} equal shares")
    loss = nn.functional.cross_entropy(model(X), y)
    return list(torch.autograd.grad(loss, list(model.parameters())))
