# Wrong reduction: one mean over the real and generated logits together, not the sum of two means.
def gan_losses(real_logits, fake_logits):
    real_logits = np.asarray(real_logits, dtype=float)
    fake_logits = np.asarray(fake_logits, dtype=float)
    softplus = lambda x: np.logaddexp(0.0, x)  # noqa: E731
    return {
        "discriminator": np.concatenate([softplus(-real_logits), softplus(fake_logits)]).mean(),
        "minimax": -softplus(fake_logits).mean(),
        "non_saturating": softplus(-fake_logits).mean(),
    }
