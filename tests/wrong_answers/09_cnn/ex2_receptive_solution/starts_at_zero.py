# Off by one: starts from a field of 0 pixels instead of the 1 pixel an output sees with no layer.
def receptive_field(layers):
    field, jump = 0, 1
    for kernel_size, stride in layers:
        field += (kernel_size - 1) * jump
        jump *= stride
    return field
