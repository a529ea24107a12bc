# Standardises the data for training but forgets to scale the samples back (ring_scale = 1).
ring_scale = 1.0
torch.manual_seed(1)
ring_generator = Generator(2, [128, 128], 2)
train_gan(
    ring_generator,
    Discriminator(2, [128, 128]),
    X_wide / X_wide.std(),
    steps=500,
    batch_size=256,
    lr_g=5e-4,
    lr_d=2e-3,
    seed=1,
)
