# Wrong reduction: averages over outcomes instead of summing the probability-weighted terms.
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, dtype=float), np.asarray(p_g, dtype=float)
    return p_data / (p_data + p_g)


def value(D, p_data, p_g):
    D, p_data, p_g = (np.asarray(a, dtype=float) for a in (D, p_data, p_g))
    real = np.where(p_data > 0, p_data * np.log(np.where(p_data > 0, D, 1.0)), 0.0)
    fake = np.where(p_g > 0, p_g * np.log(np.where(p_g > 0, 1 - D, 1.0)), 0.0)
    return real.mean() + fake.mean()
