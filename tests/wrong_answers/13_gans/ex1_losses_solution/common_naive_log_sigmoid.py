# Unstable: log(sigmoid) written directly, which gives -inf or nan for logits of +-1000.
def gan_losses(real_logits, fake_logits):
    real_logits = np.asarray(real_logits, dtype=float)
    fake_logits = np.asarray(fake_logits, dtype=float)
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    return {
        "discriminator": -np.log(sigmoid(real_logits)).mean()
        - np.log(1 - sigmoid(fake_logits)).mean(),
        "minimax": np.log(1 - sigmoid(fake_logits)).mean(),
        "non_saturating": -np.log(sigmoid(fake_logits)).mean(),
    }
