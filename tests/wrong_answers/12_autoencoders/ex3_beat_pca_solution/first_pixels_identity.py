# A fake bottleneck: the "code" is the first 8 pixels, but the forward pass returns the input.
class FirstPixels(nn.Module):
    def encode(self, x):
        return x[:, :8]

    def decode(self, z):
        return torch.cat([z, torch.zeros(len(z), 56)], dim=1)

    def forward(self, x):
        return x


my_autoencoder = FirstPixels()
