# Copies section 5.2's momentum settings, tuned for 2,000 steps: far from (1, 1) after 500.
rosen_lr = 0.0005
rosen_momentum = 0.9
