# Scales the noise by the variance exp(logvar) instead of the standard deviation exp(logvar / 2).
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(logvar) * eps


def kl_to_standard_normal(mu, logvar):
    return 0.5 * (mu**2 + logvar.exp() - logvar - 1).sum(dim=1)
