# Section 13.3's settings copied onto the raw points: the generator collapses onto one or two modes.
ring_scale = 1.0
torch.manual_seed(1)
ring_generator = Generator(2, [128, 128], 2)
train_gan(
    ring_generator,
    Discriminator(2, [128, 128]),
    X_wide,
    steps=1000,
    batch_size=256,
    lr_g=5e-4,
    lr_d=2e-3,
    seed=1,
)
