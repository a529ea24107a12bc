# Ignores the constraint: an LSTM learns the echo easily, but the exercise asks for a plain RNN.
X_echo, Y_echo = echo_task(2000, 20, seed=0)
torch.manual_seed(0)
echo_model = SequenceModel(1, 32, 1, cell="lstm", all_steps=True)
_ = train_sequences(echo_model, X_echo, Y_echo, steps=800, lr=3e-3)
