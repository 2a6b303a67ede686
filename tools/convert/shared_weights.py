"""Moves the weights of several ONNX graphs into one external data file, each distinct
tensor stored once, so the generator and its preview graph share their weights on disk
instead of doubling the generator's size in the pack.

ONNX external data: an initializer names a `location` (relative to the graph's folder), an
`offset` and a `length`. Offsets are page-aligned so onnxruntime can memory-map the file.
"""
import hashlib
import os

import onnx

ALIGN = 4096
MIN_BYTES = 1024  # tiny tensors stay inline (shapes, scalars)


def share_weights(paths, weights_name):
    folder = os.path.dirname(os.path.abspath(paths[0]))
    target = os.path.join(folder, weights_name)
    stored = {}  # (dtype, dims, sha256) -> (offset, length)
    offset = 0
    saved = 0
    with open(target, "wb") as out:
        for p in paths:
            if os.path.dirname(os.path.abspath(p)) != folder:
                raise ValueError("graphs sharing a weights file must be in the same folder")
            model = onnx.load(p)
            for t in model.graph.initializer:
                if t.data_location == onnx.TensorProto.EXTERNAL or len(t.raw_data) < MIN_BYTES:
                    continue
                data = t.raw_data
                key = (t.data_type, tuple(t.dims), hashlib.sha256(data).digest())
                if key in stored:
                    saved += len(data)
                else:
                    pad = (-offset) % ALIGN
                    out.write(b"\0" * pad)
                    offset += pad
                    out.write(data)
                    stored[key] = (offset, len(data))
                    offset += len(data)
                off, length = stored[key]
                t.ClearField("raw_data")
                t.data_location = onnx.TensorProto.EXTERNAL
                del t.external_data[:]
                for k, v in (("location", weights_name), ("offset", str(off)), ("length", str(length))):
                    e = t.external_data.add()
                    e.key, e.value = k, v
            onnx.save(model, p)
    return {"file": weights_name, "bytes": offset, "sharedBytes": saved}
