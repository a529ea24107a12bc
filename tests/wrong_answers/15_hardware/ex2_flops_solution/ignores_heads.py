# Ignores the heads argument: counts one head per sequence.
def attention_flops(batch, heads, length, head_dim):
    return 4 * batch * length * length * head_dim
