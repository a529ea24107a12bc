# Moves `best` to every lower loss, even one that falls by less than min_delta.
class EarlyStopper:
    def __init__(self, patience, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best = float("inf")
        self.waited = 0

    def step(self, val_loss):
        improved = val_loss < self.best - self.min_delta
        self.best = min(self.best, val_loss)
        if improved:
            self.waited = 0
            return False
        self.waited += 1
        return self.waited >= self.patience
