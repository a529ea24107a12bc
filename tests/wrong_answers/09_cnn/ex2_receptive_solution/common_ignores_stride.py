# Ignores the strides: every layer adds k - 1, as if the jump were always 1.
def receptive_field(layers):
    field = 1
    for kernel_size, _stride in layers:
        field += kernel_size - 1
    return field
