"""Reference outputs of torch.nn.LSTM for test/methods/lstm.test.ts.

  /usr/bin/python3 scripts/lstm_reference.py   (Debian python3-torch) > test/fixtures/lstm-reference.json

A 2-layer bidirectional LSTM (input 6, hidden 3) and a 1-layer one, with torch's
own initialisation under a fixed seed, applied to a fixed [4, 6] input.
"""
import json
import torch

torch.manual_seed(7)
x = torch.randn(4, 6)
cases = []
for layers, bidirectional in [(2, True), (1, False)]:
    lstm = torch.nn.LSTM(6, 3, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    with torch.no_grad():
        out = lstm(x.unsqueeze(0))[0][0]
    cases.append({
        "layers": layers,
        "bidirectional": bidirectional,
        "params": {name: p.detach().tolist() for name, p in lstm.named_parameters()},
        "output": out.tolist(),
    })
print(json.dumps({"torch": torch.__version__, "input": x.tolist(), "inputSize": 6, "hidden": 3, "cases": cases}))
