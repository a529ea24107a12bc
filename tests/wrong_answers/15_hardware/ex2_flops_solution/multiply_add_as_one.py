# Counts a multiply and an add as one operation: half of PyTorch's count.
def attention_flops(batch, heads, length, head_dim):
    scores = batch * heads * length * length * head_dim
    weighted = batch * heads * length * length * head_dim
    return scores + weighted
