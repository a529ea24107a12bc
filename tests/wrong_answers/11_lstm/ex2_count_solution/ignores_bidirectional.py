# Ignores an argument: a bidirectional layer is counted as one direction.
def recurrent_parameters(cell, input_size, hidden_size, num_layers=1, bidirectional=False):
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size
        total += gates * hidden_size * (layer_input + hidden_size + 2)
    return total
