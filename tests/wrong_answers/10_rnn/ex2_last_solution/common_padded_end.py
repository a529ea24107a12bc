# The padded end: takes the state at the last time step for every sequence, whatever its length.
def last_hidden(hs, lengths):
    return hs[:, -1]
