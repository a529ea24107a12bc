# Ignores the lengths argument: plain self-attention over every position, padding included.
def padded_self_attention(x, lengths):
    return scaled_dot_product_attention(x, x, x)[0]
