# Never raises: when world_size does not divide the batch, the last examples are silently dropped.
def averaged_shard_gradients(model, X, y, world_size):
    size = len(X) // world_size
    params = list(model.parameters())
    total = [torch.zeros_like(p) for p in params]
    for rank in range(world_size):
        part = slice(rank * size, (rank + 1) * size)
        loss = nn.functional.cross_entropy(model(X[part]), y[part])
        for t, g in zip(total, torch.autograd.grad(loss, params)):
            t += g
    return [t / world_size for t in total]
