# Missing factor: the KL divergence without the 1/2 in front.
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def kl_to_standard_normal(mu, logvar):
    return (mu**2 + logvar.exp() - logvar - 1).sum(dim=1)
