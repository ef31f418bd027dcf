"""The reference protocol in PyTorch, for `digit-lab bench train` to time beside SameDiff.

A dev-only comparison, never a dependency: same network (784-128-128-128-10, ReLU, SGD lr 0.01; or
with NETWORK cnn digit-lab's CNN, conv5x5x16-relu-pool2-conv5x5x32-relu-pool2-dense128-relu-dense10,
with Adam lr 0.001), shuffled batches, train and test evaluation every epoch (the training images'
evaluation on the first TRAIN_EVAL of them when given), one thread. Reads the first TRAIN training
and TEST test images from the IDX files and prints the median ms/epoch of REPS timings of EPOCHS
epochs, after WARMUP untimed epochs.
Usage: python3 torch_epoch.py DATA_DIR LOSS(ce|mse) REGULARIZER(none|l1|l2|dropout) STRENGTH WARMUP REPS EPOCHS
       TRAIN TEST BATCH [NETWORK(mlp|cnn) [TRAIN_EVAL]]
"""
import gzip, statistics, sys, time

import torch

torch.set_num_threads(1)
data_dir, loss_kind, reg, strength = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
warmup, reps, epochs = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
n_train, n_test, batch_size = int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
network = sys.argv[11] if len(sys.argv) > 11 else "mlp"
n_train_eval = int(sys.argv[12]) if len(sys.argv) > 12 and int(sys.argv[12]) > 0 else n_train


def idx(name, count, offset, width):
    with gzip.open(f"{data_dir}/mnist/{name}.gz", "rb") as f:
        raw = f.read()
    return torch.frombuffer(bytearray(raw[offset:offset + count * width]), dtype=torch.uint8).reshape(count, width)


x_train = idx("train-images-idx3-ubyte", n_train, 16, 784).float() / 255
y_train = idx("train-labels-idx1-ubyte", n_train, 8, 1).long().flatten()
x_test = idx("t10k-images-idx3-ubyte", n_test, 16, 784).float() / 255
y_test = idx("t10k-labels-idx1-ubyte", n_test, 8, 1).long().flatten()

p = strength if reg == "dropout" else 0.0
layers = []
if network == "cnn":
    layers = [torch.nn.Unflatten(1, (1, 28, 28)),
              torch.nn.Conv2d(1, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
              torch.nn.Conv2d(16, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
              torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)]
else:
    for i, (a, b) in enumerate([(784, 128), (128, 128), (128, 128), (128, 10)]):
        layers.append(torch.nn.Linear(a, b))
        if i < 3:
            layers.append(torch.nn.ReLU())
            if p:
                layers.append(torch.nn.Dropout(p))
model = torch.nn.Sequential(*layers)
if network == "cnn":
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
else:
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
weights = [m.weight for m in model if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))]
g = torch.Generator().manual_seed(0)


def data_loss(out, y):
    if loss_kind == "mse":
        return torch.nn.functional.mse_loss(out, torch.nn.functional.one_hot(y, 10).float())
    return torch.nn.functional.cross_entropy(out, y)


def epoch():
    model.train()
    for batch in torch.randperm(n_train, generator=g).split(batch_size):
        loss = data_loss(model(x_train[batch]), y_train[batch])
        if reg == "l2":
            loss = loss + strength / (2 * n_train) * sum((w * w).sum() for w in weights)
        if reg == "l1":
            loss = loss + strength / n_train * sum(w.abs().sum() for w in weights)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        train_out = model(x_train[:n_train_eval])
        data_loss(train_out, y_train[:n_train_eval])
        (train_out.argmax(1) == y_train[:n_train_eval]).float().mean()
        (model(x_test).argmax(1) == y_test).float().mean()


for _ in range(warmup):
    epoch()
timings = []
for _ in range(reps):
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    timings.append((time.perf_counter() - start) * 1000 / epochs)
print(f"{statistics.median(timings):.3f}")
