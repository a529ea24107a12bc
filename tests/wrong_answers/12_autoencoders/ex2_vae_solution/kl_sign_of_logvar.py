# Sign error: adds log sigma^2 instead of subtracting it.
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def kl_to_standard_normal(mu, logvar):
    return 0.5 * (mu**2 + logvar.exp() + logvar - 1).sum(dim=1)
