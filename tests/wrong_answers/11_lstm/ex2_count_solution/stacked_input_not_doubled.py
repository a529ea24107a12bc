# Right on the visible examples only: layers after the first read hidden_size inputs, even when
# the layer below is bidirectional and outputs 2 * hidden_size.
def recurrent_parameters(cell, input_size, hidden_size, num_layers=1, bidirectional=False):
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size
        total += directions * gates * hidden_size * (layer_input + hidden_size + 2)
    return total
