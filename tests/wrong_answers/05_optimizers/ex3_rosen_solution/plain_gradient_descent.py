# No momentum: plain gradient descent at its largest stable rate does not arrive in 500 steps.
rosen_lr = 0.002
rosen_momentum = 0.0
