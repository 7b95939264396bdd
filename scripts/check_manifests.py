"""Checks deploy/'s Kubernetes manifests offline, with no cluster (docs/deploy.md says which
check each kind gets):

- core kinds (Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, Job,
  PersistentVolumeClaim): kubernetes-validate --strict, the Kubernetes API's own JSON schemas
  bundled in the package (unknown fields are errors);
- KServe's ServingRuntime and InferenceService: against the API types the kserve package
  (PyPI) is generated from: every field name known and of the declared shape, the fields the
  types require present, recursively; the Kubernetes types they embed (the runtime's
  containers) through kubernetes-validate --strict inside a Pod;
- KEDA's ScaledObject (no package carries its schema): by the fields read here;
- and what ties them together: selectors, targets, the Job's shard count, the metric and
  probe paths the server really has.

    python scripts/check_manifests.py KSERVE_WHEEL

Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""

import ast
import re
import sys
import zipfile
from pathlib import Path

import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parent.parent
KUBERNETES_VERSION = "1.37.0"  # the newest schemas kubernetes-validate 1.37.0 bundles
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name} {detail}")


def documents(name):
    return [d for d in yaml.safe_load_all((ROOT / "deploy" / name).read_text()) if d]


def strict(document):
    """kubernetes-validate --strict; the error, or None."""
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        return None
    except kubernetes_validate.ValidationError as error:
        return f"{error.path}: {error.message}" if hasattr(error, "path") else str(error)
    except Exception as error:  # a kind the bundled schemas lack, a malformed document
        return str(error)


class KServeTypes:
    """The KServe API types as the kserve wheel's generated models declare them: per class,
    JSON key -> declared type, and the keys that must be present."""

    def __init__(self, wheel):
        self.fields, self.required = {}, {}
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if not re.match(r"kserve/models/v1(alpha1|beta1)_.*\.py$", name):
                    continue
                tree = ast.parse(archive.read(name))
                for node in tree.body:
                    if isinstance(node, ast.ClassDef):
                        self._read(node, archive.read(name).decode())

    def _read(self, node, source):
        tables = {}
        for statement in node.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                if statement.targets[0].id in ("openapi_types", "attribute_map"):
                    tables[statement.targets[0].id] = ast.literal_eval(statement.value)
        if len(tables) == 2:
            types, keys = tables["openapi_types"], tables["attribute_map"]
            self.fields[node.name] = {keys[attribute]: types[attribute] for attribute in types}
            self.required[node.name] = {
                keys[a] for a in re.findall(r"Invalid value for `(\w+)`, must not be `None`", source) if a in keys
            }

    def check(self, value, declared, path, embedded):
        """Errors for `value` read as `declared`; Kubernetes types go to `embedded`."""
        if declared.startswith("list["):
            if not isinstance(value, list):
                return [f"{path}: expected a list"]
            return [e for i, item in enumerate(value) for e in self.check(item, declared[5:-1], f"{path}[{i}]", embedded)]
        if declared.startswith("dict("):
            if not isinstance(value, dict):
                return [f"{path}: expected a map"]
            inner = declared[5:-1].split(", ", 1)[1]
            return [e for k, item in value.items() for e in self.check(item, inner, f"{path}.{k}", embedded)]
        primitive = {"str": str, "int": int, "bool": bool, "float": (int, float)}
        if declared in primitive:
            ok = isinstance(value, primitive[declared]) and not (declared == "int" and isinstance(value, bool))
            return [] if ok else [f"{path}: expected {declared}, got {value!r}"]
        if declared in self.fields:
            if not isinstance(value, dict):
                return [f"{path}: expected an object ({declared})"]
            errors = [f"{path}.{key}: no such field in {declared}" for key in value if key not in self.fields[declared]]
            errors += [f"{path}: {declared} requires `{key}`" for key in self.required[declared] if key not in value]
            for key, item in value.items():
                if key in self.fields[declared]:
                    errors += self.check(item, self.fields[declared][key], f"{path}.{key}", embedded)
            return errors
        embedded.append((declared, value, path))  # a Kubernetes type (V1Container, ...), or object
        return []


def main():
    kserve = KServeTypes(sys.argv[1])
    check("the kserve wheel declares ServingRuntime and InferenceService",
          {"V1alpha1ServingRuntime", "V1beta1InferenceService"} <= kserve.fields.keys(), sorted(kserve.fields)[:5])

    core = documents("kubernetes.yaml") + documents("classify-job.yaml")
    by_kind = {d["kind"]: d for d in core}
    for document in core:
        error = strict(document)
        check(f"kubernetes-validate --strict: {document['kind']}/{document['metadata']['name']}", error is None, error)
    check("core kinds present", {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job"} <= by_kind.keys(),
          sorted(by_kind))

    # A broken manifest must fail: the validator is really strict.
    broken = yaml.safe_load(yaml.safe_dump(by_kind["Deployment"]))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    check("kubernetes-validate rejects an unknown field (self-test)", strict(broken) is not None)

    deployment, labels = by_kind["Deployment"], by_kind["Deployment"]["spec"]["template"]["metadata"]["labels"]
    matches = lambda selector: all(labels.get(k) == v for k, v in selector.items())
    check("Service selects the Deployment's pods", matches(by_kind["Service"]["spec"]["selector"]))
    check("PodDisruptionBudget selects the Deployment's pods", matches(by_kind["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]))
    pdb = by_kind["PodDisruptionBudget"]["spec"]
    hpa = by_kind["HorizontalPodAutoscaler"]["spec"]
    check("PodDisruptionBudget leaves a pod to drain", pdb.get("minAvailable", 0) < hpa["minReplicas"], pdb)
    check("HPA scales the Deployment", hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": deployment["metadata"]["name"]})
    check("HPA scales on CPU", any(m["type"] == "Resource" and m["resource"]["name"] == "cpu" for m in hpa["metrics"]))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    check("HPA on CPU has a CPU request to measure against", "cpu" in container["resources"].get("requests", {}))

    job = by_kind["Job"]["spec"]
    args = job["template"]["spec"]["containers"][0]["args"]
    shard = args[args.index("--shard") + 1] if "--shard" in args else ""
    check("Job is Indexed", job.get("completionMode") == "Indexed")
    check("Job shards by its completion index, N = completions",
          shard == f"$(JOB_COMPLETION_INDEX)/{job['completions']}", f"{shard} vs completions {job['completions']}")
    check("Job resumes from a per-index file", "--resume" in args and "$(JOB_COMPLETION_INDEX)" in args[args.index("--resume") + 1])
    check("Job's pods restart in place (resume)", job["template"]["spec"]["restartPolicy"] == "OnFailure")

    # KServe: the package's types, then the embedded Kubernetes containers in a Pod.
    kinds = {"ServingRuntime": "V1alpha1ServingRuntime", "InferenceService": "V1beta1InferenceService"}
    kserve_documents = {d["kind"]: d for d in documents("kserve.yaml")}
    for kind, declared in kinds.items():
        document = kserve_documents.get(kind)
        check(f"{kind} present", document is not None)
        if document is None:
            continue
        embedded = []
        errors = kserve.check(document, declared, kind, embedded)
        check(f"{kind} matches the kserve package's {declared}", not errors, errors)
        for type_name, value, path in embedded:
            if type_name == "V1Container":
                pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "check"}, "spec": {"containers": [value]}}
                error = strict(pod)
                check(f"kubernetes-validate --strict: {path} (V1Container)", error is None, error)
    typo = yaml.safe_load(yaml.safe_dump(kserve_documents["InferenceService"]))
    typo["spec"]["predictor"]["model"]["protocolVersions"] = ["v2"]
    check("the KServe type check rejects an unknown field (self-test)",
          kserve.check(typo, kinds["InferenceService"], "InferenceService", []) != [])
    runtime = kserve_documents["ServingRuntime"]["spec"]
    service = kserve_documents["InferenceService"]["spec"]["predictor"]["model"]
    check("ServingRuntime speaks v2", runtime.get("protocolVersions") == ["v2"])
    check("InferenceService asks for v2 and this runtime",
          service.get("protocolVersion") == "v2" and service.get("runtime") == kserve_documents["ServingRuntime"]["metadata"]["name"])
    check("InferenceService's model format is one the runtime supports",
          service["modelFormat"]["name"] in {f["name"] for f in runtime["supportedModelFormats"]})
    runtime_container = runtime["containers"][0]
    check("runtime probes the v2 health routes",
          runtime_container["readinessProbe"]["httpGet"]["path"] == "/v2/health/ready"
          and runtime_container["livenessProbe"]["httpGet"]["path"] == "/v2/health/live")
    check("runtime serves the mounted bundle under the InferenceService's name", "{{.Name}}=/mnt/models" in runtime_container["args"])

    # KEDA: no schema to vendor; the fields that make it work.
    (scaled,) = documents("keda-scaledobject.yaml")
    spec = scaled["spec"]
    known = {"scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
             "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"}
    check("ScaledObject is keda.sh/v1alpha1", scaled["apiVersion"] == "keda.sh/v1alpha1" and scaled["kind"] == "ScaledObject")
    check("ScaledObject has only ScaledObject spec fields", set(spec) <= known, set(spec) - known)
    check("ScaledObject targets the Deployment", spec["scaleTargetRef"].get("name") == deployment["metadata"]["name"])
    check("ScaledObject replica bounds are whole numbers, min <= max",
          isinstance(spec["minReplicaCount"], int) and isinstance(spec["maxReplicaCount"], int)
          and spec["minReplicaCount"] <= spec["maxReplicaCount"])
    trigger = spec["triggers"][0]
    metrics = (ROOT / "Sources/Server/ServerMetrics.swift").read_text()
    metric = re.search(r"snakeid_\w+", trigger["metadata"]["query"]).group(0)
    check("ScaledObject's prometheus trigger has serverAddress, query and a string threshold",
          trigger["type"] == "prometheus" and {"serverAddress", "query", "threshold"} <= trigger["metadata"].keys()
          and isinstance(trigger["metadata"]["threshold"], str) and float(trigger["metadata"]["threshold"]) > 0)
    check(f"ScaledObject's metric {metric} is one the server exports", metric == "snakeid_http_requests_in_flight" and metric in metrics)

    # The probe paths the manifests use are routes the server has.
    routes = "".join(p.read_text() for p in (ROOT / "Sources/Server").rglob("*Controller.swift"))
    for path in ["/readyz", "/healthz", "/v2/health/ready", "/v2/health/live"]:
        check(f"probe path {path} is a route", f'"{path}"' in routes)

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
