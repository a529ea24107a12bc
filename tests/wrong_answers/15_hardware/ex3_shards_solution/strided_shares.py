# Takes every world_size-th example (strided) instead of contiguous shares: other shares, other batch statistics.
def averaged_shard_gradients(model, X, y, world_size):
    if len(X) % world_size:
        raise ValueError(f"a batch of {len(X)} does not split into {world_size} equal shares")
    params = list(model.parameters())
    total = [torch.zeros_like(p) for p in params]
    for rank in range(world_size):
        loss = nn.functional.cross_entropy(model(X[rank::world_size]), y[rank::world_size])
        for t, g in zip(total, torch.autograd.grad(loss, params)):
            t += g
    return [t / world_size for t in total]
