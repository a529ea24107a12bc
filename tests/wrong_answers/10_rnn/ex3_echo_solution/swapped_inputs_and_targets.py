# Transposed: trains on (targets, inputs), so the model learns to predict 3 steps ahead, not back.
X_echo, Y_echo = echo_task(2000, 20, seed=0)
torch.manual_seed(0)
echo_model = SequenceModel(1, 32, 1, cell="rnn", all_steps=True)
_ = train_sequences(echo_model, Y_echo, X_echo, steps=800, lr=3e-3)
