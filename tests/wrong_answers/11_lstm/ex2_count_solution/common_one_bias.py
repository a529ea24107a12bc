# A missing term: one bias vector per gate, where PyTorch keeps two (b_ih and b_hh).
def recurrent_parameters(cell, input_size, hidden_size, num_layers=1, bidirectional=False):
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        total += directions * gates * hidden_size * (layer_input + hidden_size + 1)
    return total
