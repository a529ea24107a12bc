# Transposed sizes: counts length x head_dim x head_dim per product instead of length x length x head_dim.
def attention_flops(batch, heads, length, head_dim):
    return 4 * batch * heads * length * head_dim * head_dim
