# Wrong order of the stacked projections: reads the key block as the query and the query block as the key.
def my_self_attention(x, mha):
    n, length, embed = x.shape
    heads = mha.num_heads
    k, q, v = (x @ mha.in_proj_weight.T + mha.in_proj_bias).chunk(3, dim=-1)
    split = lambda t: t.reshape(n, length, heads, embed // heads).transpose(1, 2)  # noqa: E731
    out = F.scaled_dot_product_attention(split(q), split(k), split(v))
    return mha.out_proj(out.transpose(1, 2).reshape(n, length, embed))
