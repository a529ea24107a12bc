# Sign error: returns the minimax loss as -log(1 - sigmoid), the term the discriminator minimises.
def gan_losses(real_logits, fake_logits):
    real_logits = np.asarray(real_logits, dtype=float)
    fake_logits = np.asarray(fake_logits, dtype=float)
    softplus = lambda x: np.logaddexp(0.0, x)  # noqa: E731
    return {
        "discriminator": softplus(-real_logits).mean() + softplus(fake_logits).mean(),
        "minimax": softplus(fake_logits).mean(),
        "non_saturating": softplus(-fake_logits).mean(),
    }
