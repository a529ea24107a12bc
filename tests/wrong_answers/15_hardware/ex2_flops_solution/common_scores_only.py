# Missing term: counts only Q K^T and forgets the product of the weights with V.
def attention_flops(batch, heads, length, head_dim):
    return 2 * batch * heads * length * length * head_dim
