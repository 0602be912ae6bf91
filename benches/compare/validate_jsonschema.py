#!/usr/bin/env python3
"""What an admin would otherwise write: validate a models-config folder against the CRDs'
openAPIV3Schema with the `jsonschema` package, reading YAML with PyYAML's libyaml loader.

Usage: validate_jsonschema.py UPSTREAM_DIR FOLDER

UPSTREAM_DIR holds ai-gateway/v1.1.0/crds, envoy-gateway/v1.8.1/crds and gateway-api/v1.5.1/crds
(the CRDs of AI Gateway release v1.1). Schemas only: no CEL rules, no cross-object checks.
"""
import os
import sys

import jsonschema
import yaml

BUNDLES = ["ai-gateway/v1.1.0", "envoy-gateway/v1.8.1", "gateway-api/v1.5.1"]


def to_json_schema(s):
    """OpenAPI v3 (Kubernetes structural schema) -> JSON Schema draft 4."""
    if isinstance(s, list):
        return [to_json_schema(x) for x in s]
    if not isinstance(s, dict):
        return s
    out = {}
    for k, v in s.items():
        if k in ("description", "x-kubernetes-validations"):
            continue
        if k in ("properties", "patternProperties", "definitions"):
            out[k] = {name: to_json_schema(x) for name, x in v.items()}
        elif k in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[k] = to_json_schema(v)
        else:
            out[k] = v
    if s.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        alt = {"anyOf": [{"type": "integer"}, {"type": "string"}]}
        if "anyOf" in out:
            out.setdefault("allOf", []).append(alt)
        else:
            out.update(alt)
    if s.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def load_validators(upstream):
    validators = {}
    for bundle in BUNDLES:
        d = os.path.join(upstream, bundle, "crds")
        for name in sorted(os.listdir(d)):
            if not name.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(d, name)) as f:
                for crd in yaml.load_all(f, Loader=yaml.CSafeLoader):
                    if not crd or crd.get("kind") != "CustomResourceDefinition":
                        continue
                    spec = crd["spec"]
                    for v in spec["versions"]:
                        if not v.get("served"):
                            continue
                        schema = to_json_schema(v["schema"]["openAPIV3Schema"])
                        cls = jsonschema.Draft4Validator
                        cls.check_schema(schema)
                        key = (spec["group"] + "/" + v["name"], spec["names"]["kind"])
                        validators[key] = cls(schema)
    return validators


def main():
    upstream, folder = sys.argv[1], sys.argv[2]
    validators = load_validators(upstream)
    objects = errors = 0
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(root, name)
            with open(path) as f:
                for doc in yaml.load_all(f, Loader=yaml.CSafeLoader):
                    if doc is None:
                        continue
                    objects += 1
                    v = validators.get((doc.get("apiVersion"), doc.get("kind")))
                    if v is None:
                        continue
                    for e in v.iter_errors(doc):
                        errors += 1
                        loc = ".".join(str(p) for p in e.absolute_path)
                        print(f"{path}: {doc['kind']}/{doc['metadata'].get('name')}: {loc}: {e.message}")
    print(f"{objects} object(s) checked with jsonschema: {errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
