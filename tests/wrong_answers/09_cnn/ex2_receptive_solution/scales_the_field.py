# Wrong recurrence: multiplies the whole field by the stride instead of the jump between positions.
def receptive_field(layers):
    field = 1
    for kernel_size, stride in layers:
        field = field * stride + (kernel_size - 1)
    return field
