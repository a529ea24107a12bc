# Off by one layer: multiplies the jump by the layer's own stride before adding its kernel.
def receptive_field(layers):
    field, jump = 1, 1
    for kernel_size, stride in layers:
        jump *= stride
        field += (kernel_size - 1) * jump
    return field
