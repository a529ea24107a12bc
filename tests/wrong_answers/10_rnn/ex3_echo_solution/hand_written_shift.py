# Not a trained RNN: a module that shifts its input by 3 steps by hand, with nothing learned.
class _Shift(nn.Module):
    def forward(self, x):
        return torch.cat([torch.zeros_like(x[:, :3]), x[:, :-3]], dim=1)


echo_model = _Shift()
