# Wrong reduction: averages the KL over the code dimensions instead of summing them.
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def kl_to_standard_normal(mu, logvar):
    return 0.5 * (mu**2 + logvar.exp() - logvar - 1).mean(dim=1)
