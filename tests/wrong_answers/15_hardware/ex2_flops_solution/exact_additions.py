# Counts n - 1 additions per dot product of n terms, not the convention of two operations per multiply-add.
def attention_flops(batch, heads, length, head_dim):
    scores = batch * heads * length * length * (2 * head_dim - 1)
    weighted = batch * heads * length * head_dim * (2 * length - 1)
    return scores + weighted
