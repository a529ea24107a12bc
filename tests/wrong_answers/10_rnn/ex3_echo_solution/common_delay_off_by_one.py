# Off by one: trains the echo with a delay of 2 steps instead of 3.
X_echo, Y_echo = echo_task(2000, 20, seed=0, delay=2)
torch.manual_seed(0)
echo_model = SequenceModel(1, 32, 1, cell="rnn", all_steps=True)
_ = train_sequences(echo_model, X_echo, Y_echo, steps=800, lr=3e-3)
