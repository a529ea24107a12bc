# Sums the shares' gradients instead of averaging them: world_size times too large.
def averaged_shard_gradients(model, X, y, world_size):
    if len(X) % world_size:
        raise ValueError(f"a batch of {len(X)} does not split into {world_size} equal shares")
    size = len(X) // world_size
    params = list(model.parameters())
    total = [torch.zeros_like(p) for p in params]
    for rank in range(world_size):
        part = slice(rank * size, (rank + 1) * size)
        loss = nn.functional.cross_entropy(model(X[part]), y[part])
        for t, g in zip(total, torch.autograd.grad(loss, params)):
            t += g
    return total
