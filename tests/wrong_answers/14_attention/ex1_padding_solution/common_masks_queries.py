# Transposed mask: hides padded queries instead of padded keys, so real positions still attend to padding.
def padded_self_attention(x, lengths):
    positions = np.arange(x.shape[1])
    keep = positions[None, :] < np.asarray(lengths)[:, None]
    mask = keep[:, :, None] | keep[:, None, :]
    return scaled_dot_product_attention(x, x, x, mask)[0]
