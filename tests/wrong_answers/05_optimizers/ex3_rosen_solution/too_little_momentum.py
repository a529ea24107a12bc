# Too little momentum for the budget: still crawling along the valley at step 500.
rosen_lr = 0.001
rosen_momentum = 0.5
