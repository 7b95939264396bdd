"""Per-stage CPU profile of the Python + OpenVINO peer (../shared/peers/ov_server.py's steps,
run one at a time so that each stage's process CPU time is its own).

Usage: python peer_stage_profile.py MODEL.onnx CLASSES.tsv FOLDER [ROUNDS]
Prints one line per stage: `PEERSTAGE name ms_per_image share`, then `PEERSTAGE total …`.
The steps are those of the peer (PIL draft decode, exif_transpose, bilinear resize to 256,
centre crop 224, (x - 127) / 128, static 1x3x224x224 OpenVINO, softmax, top 5, JSON); the
HTTP stage (uvicorn, Starlette, python-multipart) is what the server's CPU per request adds.
A yardstick for SnakeID's benchmarks (snakeid-bench profile), not part of SnakeID.
"""
import io, json, os, sys, time
import numpy as np, openvino as ov
from PIL import Image, ImageOps

model_path, classes_path, folder = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
core = ov.Core()
model = core.read_model(model_path)
model.reshape([1, 3, 224, 224])
compiled = core.compile_model(model, 'CPU', {'PERFORMANCE_HINT': 'THROUGHPUT', 'NUM_STREAMS': '2',
                                             'INFERENCE_NUM_THREADS': '2'})
request = compiled.create_infer_request()
classes = [l.split('\t')[2].strip() for l in open(classes_path).read().splitlines()[1:]]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs
               if f.lower().endswith(('.jpg', '.jpeg', '.png')))
if not files:
    sys.exit(f'no photos under {folder}')

stages = ['read', 'decode', 'orient+convert', 'resize', 'crop+tensor fill', 'forward',
          'softmax+ranking', 'json']
spent = dict.fromkeys(stages, 0.0)
clock = time.process_time  # the whole process: OpenVINO's stream threads included


def timed(stage, step):
    started = clock()
    result = step()
    spent[stage] += clock() - started
    return result


def decode(data):
    im = Image.open(io.BytesIO(data))
    if im.format == 'JPEG':
        im.draft('RGB', (256, 256))
    im.load()
    return im


def resize(im):
    w, h = im.size; s = 256 / min(w, h)
    return im.resize((max(224, round(w * s)), max(224, round(h * s))), Image.BILINEAR)


def crop(im):
    w, h = im.size; l, t = (w - 224) // 2, (h - 224) // 2
    a = (np.asarray(im.crop((l, t, l + 224, t + 224)), dtype=np.float32) - 127.0) / 128.0
    return a.transpose(2, 0, 1)[None].copy()


def rank(logits):
    e = np.exp(logits - logits.max()); p = e / e.sum()
    top = np.argsort(-p)[:5]
    return {'predictions': [[classes[i], float(p[i])] for i in top]}


for _ in range(rounds):
    for path in files:
        data = timed('read', lambda: open(path, 'rb').read())
        im = timed('decode', lambda: decode(data))
        im = timed('orient+convert', lambda: ImageOps.exif_transpose(im).convert('RGB'))
        im = timed('resize', lambda: resize(im))
        tensor = timed('crop+tensor fill', lambda: crop(im))
        logits = timed('forward', lambda: request.infer({0: tensor})[compiled.output(0)][0])
        answer = timed('softmax+ranking', lambda: rank(logits))
        timed('json', lambda: json.dumps(answer).encode())
count = rounds * len(files)
total = sum(spent.values())
for stage in stages:
    print(f'PEERSTAGE {stage} {spent[stage] / count * 1000:.3f} {spent[stage] / total:.3f}')
print(f'PEERSTAGE total {total / count * 1000:.3f} 1.000 n {count}')
